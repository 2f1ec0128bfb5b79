package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.ops.HostTools;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, finding 3: a Pi without a battery-backed clock sets it by NTP a day ahead while the gateway runs. The
 * shipped jar runs under libfaketime (its wall clock read from a file the test rewrites; the monotonic clock left
 * alone, as NTP leaves it; without FAKETIME_FORCE_MONOTONIC_FIX=0 the JVM's timed waits on the monotonic clock
 * return at once), with checkpoints far apart so that the receiver log holds readings no checkpoint
 * covers. After the jump one more reading arrives, then a power cut: the next life replays every reading the
 * first one acknowledged, and none was deleted on the way.
 */
class WallClockJumpIT {

    private static final Path JAR = Path.of(System.getProperty("rivulet.it.jar",
            HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
    private static final Path FAKETIME = Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1");
    private static final int BEFORE_JUMP = 20;

    @TempDir
    Path dir;

    @Test
    void aDayAheadOnTheWallClockDeletesNoAcknowledgedReading() throws Exception {
        assumeTrue(Files.exists(FAKETIME), "libfaketime is not installed (apt-get install faketime)");
        Files.createDirectories(dir.resolve("broker"));
        int statusPort = freePort();
        Path offset = Files.writeString(dir.resolve("faketime"), "+0\n");
        try (Mosquitto broker = new Mosquitto("local", dir.resolve("broker"), dir.resolve("mosquitto.log"))) {
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), config(broker, statusPort));
            Path log = dir.resolve("gateway.log");
            Process first = start(config, log, Map.of("LD_PRELOAD", FAKETIME.toString(),
                    "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_CACHE_DURATION", "1",
                    "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
            try {
                URI metrics = URI.create("http://127.0.0.1:" + statusPort + "/metrics");
                await(() -> ready(statusPort), Duration.ofSeconds(90),
                        () -> "the gateway to start\n" + tail(log));
                broker.publishLines("doors/front", readings(0, BEFORE_JUMP));
                await(() -> readingsIn(metrics) == BEFORE_JUMP, Duration.ofSeconds(60),
                        () -> BEFORE_JUMP + " readings logged and in a batch\n" + tail(log));

                Files.writeString(offset, "+1d\n");
                await(() -> checkpointAgeSeconds(metrics) > 86_000, Duration.ofSeconds(60),
                        () -> "the gateway to see its wall clock a day ahead\n" + tail(log));
                broker.publishLines("doors/front", readings(BEFORE_JUMP, 1));
                await(() -> readingsIn(metrics) == BEFORE_JUMP + 1, Duration.ofSeconds(60),
                        () -> "the reading after the jump logged\n" + tail(log));
            } finally {
                first.destroyForcibly().waitFor();
            }
            Files.writeString(log, "---- power cut after the jump\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);

            Process second = start(config, log, Map.of());
            try {
                await(() -> tail(log).contains("resuming from the checkpoint"), Duration.ofSeconds(90),
                        () -> "the second life to resume\n" + tail(log));
                String output = Files.readString(log);
                Matcher resumed = Pattern.compile("resuming from the checkpoint of batch \\d+ ms \\((\\d+) records logged"
                        + " after it\\)").matcher(output);
                assertTrue(resumed.find(), output);
                assertEquals(BEFORE_JUMP + 1, Integer.parseInt(resumed.group(1)),
                        "every acknowledged reading is replayed\n" + tail(log));
                assertTrue(!output.contains("beyond its bounds") && !output.contains("taking no new readings"),
                        "a wall-clock jump reaches no bound of the receiver log\n" + tail(log));
            } finally {
                second.destroyForcibly().waitFor();
            }
        }
    }

    private String config(Mosquitto broker, int statusPort) {
        // One checkpoint at the first batch, the next 2,000 s later: the test's readings are covered by none.
        return """
                gateway: {id: clock-jump}
                batch: {interval: 100ms}
                storage: {directory: '%s', checkpoint-every: 20000}
                status: {address: 127.0.0.1, port: %d}
                logging: {level: info, levels: {org.eclipse.paho: warn}}
                brokers:
                  local: {url: '%s', client-id: rivulet-clock-jump}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: ['doors/#']
                    qos: 1
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, capacity: 60}
                """.formatted(dir.resolve("state"), statusPort, broker.url());
    }

    private static Process start(Path config, Path log, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", JAR.toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static List<String> readings(int from, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            lines.add("{\"bus\":\"b" + (i % 3) + "\",\"in\":1,\"out\":0}");
        }
        return lines;
    }

    /** Whether {@code /health} answers 200: a batch ran, the source subscribed, the first checkpoint written. */
    private static boolean ready(int statusPort) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statusPort
                    + "/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code rivulet_records_in_total}, or -1 while the status page does not answer. */
    private static long readingsIn(URI metrics) {
        return (long) metric(metrics, "rivulet_records_in_total");
    }

    /** The wall clock less the last checkpoint's batch time: how the test sees the jump from outside. */
    private static double checkpointAgeSeconds(URI metrics) {
        return metric(metrics, "rivulet_checkpoint_age_seconds");
    }

    private static double metric(URI metrics, String name) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(response.body());
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
