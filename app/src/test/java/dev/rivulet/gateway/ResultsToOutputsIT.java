package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An aggregate pipeline's results to an {@code upstream} output (through the outbox) and an {@code mqtt} output, from
 * the shipped jar, with two real mosquitto brokers: a running total of boardings per bus, every batch. Before this,
 * a pipeline's results sent upstream silently did nothing, and a failed MQTT publish of a result was swallowed.
 *
 * <p>The gateway is killed with SIGKILL in the middle; upstream, every bus then has every batch exactly as computed
 * (a result computed again after the restart carries the same id and the same value, and none is missing). The
 * local broker is stopped for a while: the failed publishes show in /metrics, and the log says so once, not once
 * per message.
 */
class ResultsToOutputsIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Pattern FAILURES =
            Pattern.compile("(?m)^rivulet_output_publish_failures_total\\{output=\"display\"} (\\S+)$");
    private static final Pattern VALUE = Pattern.compile("\"value\":([-0-9.Ee]+)");
    private static final long INTERVAL = 500;

    @TempDir
    Path dir;

    @Test
    void resultsReachUpstreamAndMqttWithStableIdsAcrossAKill() throws Exception {
        try (Mosquitto central = new Mosquitto("central", dir.resolve("central"), dir.resolve("central.log"));
             Mosquitto local = new Mosquitto("local", dir.resolve("local"), dir.resolve("local.log"));
             UpstreamCollector upstream = new UpstreamCollector(central.url(), "fleet-results", "rivulet/depot/results/#",
                     dir.resolve("collector-central.log"));
             UpstreamCollector display = new UpstreamCollector(local.url(), "display-results", "depot/#",
                     dir.resolve("collector-local.log"))) {
            int port = freePort();
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: depot}
                    batch: {interval: %dms}
                    storage: {directory: '%s'}
                    status: {address: 127.0.0.1, port: %d}
                    brokers:
                      central: {url: '%s', client-id: rivulet-results-central}
                      local: {url: '%s', client-id: rivulet-results-local}
                    sources:
                      fleet: {type: simulator, buses: 3, speed: 60}
                    pipelines:
                      boardings:
                        type: aggregate
                        source: fleet
                        value: boardings
                        aggregate: sum
                        running: true
                        outputs: [central, display]
                    outputs:
                      central: {type: upstream}
                      display: {type: mqtt, broker: local, topic: 'depot/{pipeline}/{key}', qos: 1, retained: false}
                    upstream: {broker: central, retry-max: 2s}
                    """.formatted(INTERVAL, dir.resolve("state"), port, central.url(), local.url()));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            try {
                gateway.start("life 1");
                await("20 results upstream and on the local broker",
                        () -> upstream.received().size() >= 20 && display.received().size() >= 20);
                gateway.kill("life 1, " + upstream.received().size() + " results upstream");
                int beforeRestart = upstream.received().size();

                gateway.start("life 2");
                await("30 more results upstream after the restart", () -> upstream.received().size() >= beforeRestart + 30);

                local.stop();
                await("failed publishes to the stopped local broker counted in /metrics", () -> failures(metrics) >= 3);
                local.start();
                int shownBefore = display.received().size();
                await("results on the local broker again", () -> display.received().size() >= shownBefore + 6);
                assertTrue(gateway.terminate("the end"));

                List<String> logged = gateway.lines();
                assertEquals(1, logged.stream().filter(line -> line.contains("output display: publishing fails")).count(),
                        "one line when publishing to display began to fail\n" + gateway.excerpt(l -> l.contains("output display")));
                assertEquals(1, logged.stream().filter(line -> line.contains("output display: publishing works again")).count(),
                        "one line when it worked again\n" + gateway.excerpt(l -> l.contains("output display")));
                everyBatchOnceAsComputed(upstream.received(), "upstream");
                sameIdSamePayload(display.received(), "the local broker");
            } finally {
                gateway.destroy();
            }
        }
    }

    /**
     * Per bus, one batch after the other with none missing from its first to its last, each with the id its batch
     * gives it, and every copy of an id (sent again after the kill) with the same payload.
     */
    private static void everyBatchOnceAsComputed(List<UpstreamCollector.Message> messages, String where) {
        sameIdSamePayload(messages, where);
        Map<String, TreeSet<Long>> batchesByBus = new TreeMap<>();
        for (UpstreamCollector.Message message : messages) {
            String id = message.id();
            assertTrue(id.startsWith("result/depot/boardings/"), where + ": " + id);
            String[] parts = id.split("/");
            assertEquals("rivulet/depot/results/boardings", message.topic(), where);
            assertTrue(message.payload().contains("\"schema\":\"rivulet.result/1\""), message.payload());
            assertTrue(message.payload().contains("\"pipeline\":\"boardings\""), message.payload());
            batchesByBus.computeIfAbsent(parts[3], bus -> new TreeSet<>()).add(Long.parseLong(parts[4]));
        }
        assertEquals(3, batchesByBus.size(), where + ": " + batchesByBus.keySet());
        batchesByBus.forEach((bus, times) -> {
            List<Long> missing = new ArrayList<>();
            for (long t = times.first(); t <= times.last(); t += INTERVAL) {
                if (!times.contains(t)) {
                    missing.add(t);
                }
            }
            assertEquals(List.of(), missing, where + ": batches of " + bus + " missing");
        });
    }

    private static void sameIdSamePayload(List<UpstreamCollector.Message> messages, String where) {
        Map<String, String> valueById = new HashMap<>();
        for (UpstreamCollector.Message message : messages) {
            Matcher value = VALUE.matcher(message.payload());
            assertTrue(value.find(), where + ": " + message.payload());
            String before = valueById.putIfAbsent(message.id(), value.group(1));
            assertTrue(before == null || before.equals(value.group(1)), where + ": " + message.id() + " had value "
                    + before + ", then " + value.group(1));
        }
        assertTrue(valueById.size() >= 20, where + ": only " + valueById.size() + " results");
    }

    private static long failures(URI metrics) {
        return MetricsScrape.value(metrics, FAILURES, 0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
