package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus-occupancy pipeline's boardings and alightings per stop, over its {@code window} every {@code slide}, from the
 * shipped jar with the unit's flags and door counts published to mosquitto: in {@code /api/status}, {@code /metrics}
 * and {@code rivulet status}, each reading counted once across a SIGKILL (the window's partials are in the
 * checkpoint, the readings after it in the write-ahead log), a short window forgetting its stops, and the source's
 * {@code max-keys} limiting the stops as it limits the buses. Before, the two
 * keys were read and nothing computed or showed the windows. With {@code -Drivulet.stopwindows.jar=PATH} it runs
 * another jar. Logs: {@code app/target/stop-windows/}.
 */
class StopWindowsIT {

    private static final String TOPIC = "buses/door";
    private static final Path LOGS = Path.of("target", "stop-windows");

    @TempDir
    Path work;

    private Mosquitto broker;
    private GatewayProcess gateway;

    @AfterEach
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroy();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void stopsOverTheWindowInEveryViewEachReadingOnceAcrossAPowerCut() throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.stopwindows.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Files.createDirectories(LOGS);
        broker = new Mosquitto("stop-windows", work.resolve("broker"), LOGS.resolve("mosquitto.log"));
        Path state = work.resolve("state");
        int port = GatewayProcess.freePort();
        Path config = Files.writeString(work.resolve("rivulet.yaml"), """
                gateway: {id: stops-gw}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                logging: {level: info, levels: {org.eclipse.paho: warn}}
                brokers:
                  local: {url: '%s', version: 5, client-id: rivulet-stop-windows}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [%s]
                    qos: 1
                    decoder: {format: json, key: bus, fields: [in, out], labels: [stop]}
                    max-keys: 7
                pipelines:
                  shift: {type: bus-occupancy, source: doors, capacity: 1000, window: 10m, slide: 2s}
                  recent: {type: bus-occupancy, source: doors, capacity: 1000, window: 3s, slide: 1s}
                """.formatted(state, port, broker.url(), TOPIC));
        gateway = GatewayProcess.withUnitFlags(jar, config, LOGS.resolve("gateway.log"), state);
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        StatusClient status = new StatusClient(base, Duration.ofSeconds(3));
        gateway.start("the first life");
        gateway.awaitReady(status);

        Map<String, List<Long>> expected = new TreeMap<>();
        broker.publishLines(TOPIC, readings(0, expected));
        assertEquals(expected, awaitStops(status, "shift", expected::equals, 60), "the 10-minute window: every reading");
        Map<String, List<Long>> seen = awaitStops(status, "recent", stops -> !stops.isEmpty(), 30);
        awaitStops(status, "recent", Map::isEmpty, 30);
        assertTrue(expected.keySet().containsAll(seen.keySet()), "the 3 s window showed these stops, then forgot them: " + seen);

        String metrics = GatewayProcess.get(base.resolve("metrics").toString());
        expected.forEach((stop, counts) -> {
            assertTrue(metrics.contains("rivulet_stop_boardings{pipeline=\"shift\",stop=\"" + stop + "\"} " + counts.get(0)
                    + "\n"), stop + " in /metrics:\n" + metrics);
            assertTrue(metrics.contains("rivulet_stop_alightings{pipeline=\"shift\",stop=\"" + stop + "\"} "
                    + counts.get(1) + "\n"), stop + " in /metrics:\n" + metrics);
        });
        HostTools.Result cli = HostTools.run(work, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "status", "--url", base.toString()));
        assertTrue(cli.output().contains("  pipeline shift, the last 10 min:\n"), cli.output());

        gateway.kill("mid-window");
        broker.publishLines(TOPIC, readings(1, expected));
        gateway.start("after the power cut");
        gateway.awaitReady(status);
        assertEquals(expected, awaitStops(status, "shift", expected::equals, 60),
                "the window's partials from the checkpoint, the readings after it from the log and the broker: once each");

        // max-keys limits the stops as it limits the buses: the window holds every stop it was given.
        broker.publishLines(TOPIC, List.of("{\"bus\":\"bus-0\",\"in\":5,\"out\":0,\"stop\":\"s6\"}",
                "{\"bus\":\"bus-0\",\"in\":9,\"out\":0,\"stop\":\"s7\"}"));
        expected.put("s6", List.of(5L, 0L));
        assertEquals(expected, awaitStops(status, "shift", expected::equals, 60), "s6, the 7th stop, taken; s7 refused");
        String limited = GatewayProcess.get(base.resolve("metrics").toString());
        assertTrue(limited.contains("rivulet_source_label_values{source=\"doors\",label=\"stop\"} 7\n")
                && limited.contains("rivulet_source_keys_refused_total{source=\"doors\"} 1\n"), limited);
        assertTrue(gateway.terminate("the end"));
    }

    /** Sixty door counts of three buses at six stops, the {@code round}'th set; adds them to {@code expected}. */
    private static List<String> readings(int round, Map<String, List<Long>> expected) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String stop = "s" + (i * 7 + round) % 6;
            long in = (i + round) % 4;
            long out = i % 3;
            lines.add("{\"bus\":\"bus-" + i % 3 + "\",\"in\":" + in + ",\"out\":" + out + ",\"stop\":\"" + stop + "\"}");
            List<Long> counts = expected.computeIfAbsent(stop, s -> new ArrayList<>(List.of(0L, 0L)));
            counts.set(0, counts.get(0) + in);
            counts.set(1, counts.get(1) + out);
        }
        return lines;
    }

    /**
     * Waits until the stops {@code pipeline} shows in {@code /api/status} (stop → [boardings, alightings]) pass
     * {@code done}; fails the test when the gateway exits or {@code seconds} pass.
     */
    private Map<String, List<Long>> awaitStops(StatusClient status, String pipeline, Predicate<Map<String, List<Long>>> done,
                                               int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Map<String, List<Long>> stops = null;
        while (stops == null || !done.test(stops)) {
            if (!gateway.alive()) {
                fail("the gateway exited with status " + gateway.exitValue() + "\n"
                        + gateway.excerpt(l -> l.contains("ERROR") || l.contains("WARN")));
            }
            if (System.nanoTime() > deadline) {
                fail("the stops of " + pipeline + " did not come right within " + seconds + " s: " + stops);
            }
            gateway.waitFor(200);
            try {
                stops = ApplianceChecks.stopsOf(status.fetch(), pipeline);
            } catch (IOException e) {
                // not answering: the next round says whether it has gone
            }
        }
        return stops;
    }
}
