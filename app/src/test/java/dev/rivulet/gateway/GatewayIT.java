package dev.rivulet.gateway;

import static dev.rivulet.gateway.DoorCounterMqtt.door;
import static dev.rivulet.gateway.DoorCounterMqtt.subscribe;
import static dev.rivulet.sensors.Conditions.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appliance end to end with real brokers: door counters publish to the bus's broker, the gateway runs
 * the occupancy pipeline, alerts reach the driver's display topic and the central broker, summaries go
 * upstream; the central broker goes away mid-run and comes back, and nothing is lost or repeated.
 */
class GatewayIT {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    @TempDir
    Path state;

    private EmbeddedBroker local;
    private EmbeddedBroker central;
    /** The gateway's way to the central broker, shut while the broker restarts (the test's clients go direct). */
    private TcpGate uplink;
    private final List<MqttClient> clients = new ArrayList<>();

    @BeforeEach
    void brokers() throws Exception {
        local = new EmbeddedBroker();
        central = new EmbeddedBroker();
        uplink = new TcpGate(central.port());
    }

    @AfterEach
    void close() throws Exception {
        for (MqttClient client : clients) {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
        uplink.close();
        local.close();
        central.close();
    }

    private String config() {
        return """
                gateway: {id: gw}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {port: 0}
                brokers:
                  local: {url: '%s'}
                  central: {url: '%s'}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/+/door]
                    decoder: {format: json, key-from-topic: buses/+/door, fields: [in, out], labels: [stop], time: ts}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    where: [in >= 0, out >= 0]
                    capacity: 10
                    window: 5s
                    slide: 1s
                alerts:
                  full:
                    pipeline: occupancy
                    high: 90%%
                    low: 50%%
                    consecutive: 2
                    outputs: [display, upstream, log]
                outputs:
                  display: {type: mqtt, broker: local, topic: 'buses/{key}/alert', retained: true}
                  upstream: {type: upstream}
                upstream:
                  broker: central
                  period: 2s
                  retry-max: 1s
                """.formatted(state, local.url(), uplink.url());
    }

    private MqttClient client(String url, String id) throws Exception {
        MqttClient client = new MqttClient(url, id, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        client.connect(options);
        clients.add(client);
        return client;
    }

    private static boolean has(List<String> messages, String text) {
        return messages.stream().anyMatch(m -> m.contains(text));
    }

    private static List<String> ids(List<String> messages) {
        List<String> ids = new ArrayList<>();
        for (String message : messages) {
            Matcher matcher = ID.matcher(message);
            if (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }

    @Test
    void alertsAndSummariesSurviveTheUplinkGoingAway() throws Exception {
        RivuletConfig config = ConfigLoader.parse(config(), "e2e.yaml");
        List<String> display = subscribe(client(local.url(), "display"), "buses/+/alert");
        List<String> upstream = subscribe(client(central.url(), "fleet-1"), "rivulet/gw/#");
        MqttClient doors = client(local.url(), "door-counters");

        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins in this test");
        })) {
            door(doors, "b1", 10, 0);
            await("the display shows b1 raised", () -> has(display, "buses/b1/alert") && has(display, "\"state\":\"raised\""));
            await("the central broker has b1 raised", () -> has(upstream, "full/b1/") && has(upstream, "\"state\":\"raised\""));
            await("a summary arrived", () -> has(upstream, "rivulet.summary/2"));
            await("summaries carry the GTFS-Realtime level and the ledger's counts",
                    () -> has(upstream, "\"occupancyStatus\":\"") && has(upstream, "\"rejected\":{"));

            uplink.shut();
            central.stop();
            door(doors, "b1", 0, 8);
            door(doors, "b2", 10, 0);
            await("the display shows b1 cleared and b2 raised while the uplink is down",
                    () -> has(display, "full/b1/") && has(display, "\"state\":\"cleared\"") && has(display, "buses/b2/alert"));
            await("messages wait in the outbox", () -> gateway.store().outbox().depth() >= 2);

            central.start();
            // The broker kept no session (in memory): a subscriber comes back before the gateway may, or what the
            // outbox sends first would reach nobody.
            List<String> afterRestart = subscribe(client(central.url(), "fleet-2"), "rivulet/gw/#");
            uplink.open();
            await("the outbox drains to the central broker", () -> gateway.store().outbox().depth() == 0
                    && has(afterRestart, "\"state\":\"cleared\"") && has(afterRestart, "full/b2/"));

            List<String> all = new ArrayList<>(upstream);
            all.addAll(afterRestart);
            List<String> ids = ids(all);
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no message delivered twice: " + ids);
            List<Long> periods = ids.stream().filter(id -> id.startsWith("summary/"))
                    .map(id -> Long.parseLong(id.substring(id.lastIndexOf('/') + 1))).sorted().toList();
            for (int i = 1; i < periods.size(); i++) {
                assertEquals(2000L, periods.get(i) - periods.get(i - 1), "no summary lost: " + periods);
            }
            Set<String> alertIds = new HashSet<>();
            ids.stream().filter(id -> id.startsWith("full/")).forEach(alertIds::add);
            assertTrue(alertIds.stream().anyMatch(id -> id.startsWith("full/b1/") && id.endsWith("/raised")), alertIds.toString());
            assertTrue(alertIds.stream().anyMatch(id -> id.startsWith("full/b1/") && id.endsWith("/cleared")), alertIds.toString());
            assertTrue(alertIds.stream().anyMatch(id -> id.startsWith("full/b2/") && id.endsWith("/raised")), alertIds.toString());
        }
    }
}
