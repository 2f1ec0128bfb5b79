package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, finding 3, the other half: a receiver log that reaches its bound before a checkpoint covers it
 * ({@code storage.log-max-megabytes} tiny, checkpoints 5 s apart) deletes nothing. The shipped jar stops taking
 * readings — the broker keeps them, unacknowledged — says so at WARN and in {@code /health} (503, the bound named),
 * and takes them again once checkpoints prune the log: every reading published is counted, once.
 */
class LogFullBackpressureIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final int READINGS = 400;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aFullLogStopsIntakeAndLosesNothing() throws Exception {
        Files.createDirectories(dir.resolve("broker"));
        int statusPort = freePort();
        try (Mosquitto broker = new Mosquitto("local", dir.resolve("broker"), dir.resolve("mosquitto.log"))) {
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: log-full}
                    batch: {interval: 100ms}
                    storage: {directory: '%s', checkpoint-every: 50, log-max-megabytes: 0.01}
                    status: {address: 127.0.0.1, port: %d}
                    logging: {level: info, levels: {org.eclipse.paho: warn}}
                    brokers:
                      local: {url: '%s', client-id: rivulet-log-full}
                    sources:
                      doors:
                        type: mqtt
                        broker: local
                        topics: ['doors/#']
                        qos: 1
                        decoder: {format: json, key: bus, fields: [in, out]}
                    pipelines:
                      occupancy: {type: bus-occupancy, source: doors, capacity: 60}
                    """.formatted(dir.resolve("state"), statusPort, broker.url()));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            gateway.start("life 1");
            try {
                await(() -> get(statusPort, "health").contains("\"ready\":true"), Duration.ofSeconds(90),
                        () -> "the gateway ready\n" + gateway.excerpt(line -> line.contains("WARN")));
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < READINGS; i++) {
                    lines.add("{\"bus\":\"b" + (i % 5) + "\",\"in\":1,\"out\":0,\"note\":\"reading number " + i + "\"}");
                }
                broker.publishLines("doors/front", lines);

                await(() -> get(statusPort, "health").contains("taking no new readings: the receiver log holds"),
                        Duration.ofSeconds(60), () -> "/health to say the log is full\n" + get(statusPort, "health"));
                String health = get(statusPort, "health");
                assertTrue(health.contains("\"ready\":false") && health.contains("StoreConfig.logMaxBytes = 10485"), health);

                await(() -> readingsIn(statusPort) >= READINGS, Duration.ofMinutes(3),
                        () -> "every reading taken in the end; " + readingsIn(statusPort) + " so far\n"
                                + gateway.excerpt(line -> line.contains("WARN") || line.contains("bounds")));
                await(() -> get(statusPort, "health").contains("\"ready\":true"), Duration.ofSeconds(60),
                        () -> "ready again\n" + get(statusPort, "health"));
                assertEquals(READINGS, readingsIn(statusPort), "each reading counted once");
            } finally {
                gateway.terminate("the end");
            }
            List<String> log = gateway.lines();
            assertTrue(log.stream().anyMatch(line -> line.contains("WARN") && line.contains("taking no new readings: the"
                    + " receiver log holds") && line.contains("brokers keep the readings")), gateway.excerpt(l -> true));
            assertTrue(log.stream().anyMatch(line -> line.contains("the receiver log is within its bounds again")),
                    gateway.excerpt(l -> true));
            assertTrue(log.stream().noneMatch(line -> line.contains("dropped")), gateway.excerpt(l -> l.contains("dropped")));
        }
    }

    private static long readingsIn(int statusPort) {
        Matcher m = Pattern.compile("(?m)^rivulet_records_in_total (\\S+)$").matcher(get(statusPort, "metrics"));
        return m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
    }

    private static String get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
