package dev.rivulet.gateway;

import java.nio.file.Path;

/**
 * The configuration of the shipped-jar tests that feed a gateway door counts from mosquitto: one QoS 1 MQTT source of
 * JSON door counts ({@code {"bus":…,"in":…,"out":…}}), batches of 500 ms, the bus-occupancy pipeline, the status page.
 */
final class DoorCountsConfig {

    private DoorCountsConfig() {
    }

    /** A gateway {@code name}-gw, client id rivulet-{@code name}, taking {@code topic} from {@code brokerUrl}. */
    static String yaml(String name, Path state, int statusPort, String brokerUrl, String topic) {
        return yaml(name, state, statusPort, brokerUrl, topic, 1000, null);
    }

    /**
     * As the five-argument form, with buses of {@code capacity} seats and, unless {@code centralUrl} is null, a second
     * broker {@code central} there (client id rivulet-{@code name}-central) for the sections the caller adds.
     */
    static String yaml(String name, Path state, int statusPort, String brokerUrl, String topic, int capacity,
                       String centralUrl) {
        return withoutPipelines(name, state, statusPort, brokerUrl, topic, centralUrl) + """
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    capacity: %d
                """.formatted(capacity);
    }

    /** As {@link #yaml(String, Path, int, String, String, int, String)} before its {@code pipelines}, for the caller's. */
    static String withoutPipelines(String name, Path state, int statusPort, String brokerUrl, String topic,
                                   String centralUrl) {
        String central = centralUrl == null ? ""
                : "\n  central: {url: '" + centralUrl + "', version: 5, client-id: rivulet-" + name + "-central}";
        return """
                gateway: {id: %s-gw}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                logging: {level: info, levels: {org.eclipse.paho: warn}}
                brokers:
                  local: {url: '%s', version: 5, client-id: rivulet-%s}%s
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [%s]
                    qos: 1
                    decoder: {format: json, key: bus, fields: [in, out]}
                """.formatted(name, state, statusPort, brokerUrl, name, central, topic);
    }
}
