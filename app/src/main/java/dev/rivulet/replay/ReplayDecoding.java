package dev.rivulet.replay;

import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.decode.DecodeResult;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.decode.TopicPattern;
import dev.rivulet.sensors.recording.RecordedLine;
import dev.rivulet.sources.MqttInput;
import dev.rivulet.sources.SourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded message as the gateway's MQTT sources take it live: the first source (in the configuration's order)
 * with a topic filter matching the topic decodes it with its own decoder and limit. A message larger than the
 * source's {@code max-message-bytes}, or one its decoder refuses, is counted as refused, as live it is
 * dead-lettered; a topic no source subscribes to is counted apart.
 */
final class ReplayDecoding {

    /** One MQTT source: its filters and decoder. */
    private record Route(String source, List<TopicPattern> filters, PayloadDecoder decoder, int maxMessageBytes) {

        boolean takes(String topic) {
            for (TopicPattern filter : filters) {
                if (filter.matches(topic)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Where a decoded reading goes: the source's receiver. */
    @FunctionalInterface
    interface ReadingTarget {
        void accept(String source, Reading reading) throws InterruptedException;
    }

    private final List<Route> routes = new ArrayList<>();
    private final DecodeResult result = new DecodeResult();
    private long readings;
    private long refused;
    private long unmatched;
    private String lastTopic;
    private Route lastRoute;

    ReplayDecoding(RivuletConfig config) {
        for (SourceKind kind : config.sources().values()) {
            if (kind instanceof MqttInput mqtt) {
                routes.add(new Route(mqtt.name(), mqtt.topics().stream().map(TopicPattern::new).toList(),
                        mqtt.openDecoder(), mqtt.maxMessageBytes()));
            }
        }
    }

    /** Whether the configuration has a source that recorded MQTT messages can be given to. */
    boolean hasSources() {
        return !routes.isEmpty();
    }

    /** Decodes one message and hands its readings to {@code target}; counts what is refused or unmatched. */
    void decode(RecordedLine message, ReadingTarget target) throws InterruptedException {
        Route route = routeOf(message.topic());
        if (route == null) {
            unmatched++;
            return;
        }
        if (message.payloadLength() > route.maxMessageBytes()) {
            refused++;
            return;
        }
        result.clear();
        route.decoder().decode(message.topic(), message.payloadData(), message.payloadFrom(), message.payloadTo(),
                message.time(), result);
        refused += result.rejections().size();
        List<Reading> decoded = result.readings();
        for (int i = 0; i < decoded.size(); i++) {
            target.accept(route.source(), decoded.get(i));
            readings++;
        }
    }

    /**
     * The first route taking the topic, or null. A recording holds few topics, and its reader gives a topic the
     * same String as the line before: the answer for the last topic is kept.
     */
    private Route routeOf(String topic) {
        if (topic == lastTopic) {
            return lastRoute;
        }
        lastTopic = topic;
        lastRoute = null;
        for (Route route : routes) {
            if (route.takes(topic)) {
                lastRoute = route;
                break;
            }
        }
        return lastRoute;
    }

    /** Readings decoded so far. */
    long readings() {
        return readings;
    }

    /** Messages or parts of messages the sources would have refused (dead letters live). */
    long refused() {
        return refused;
    }

    /** Messages on topics no source subscribes to. */
    long unmatched() {
        return unmatched;
    }
}
