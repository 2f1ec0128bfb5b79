package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upstream.retry-max} is the one back-off of the upstream link: after a long outage of the central broker,
 * the shipped jar is back on it within about retry-max of its return. The MQTT client's own back-off (1 s doubling
 * to 60 s) used to sit under the forwarder's, and the link came back 20–38 s after the broker with retry-max 5s.
 */
class UpstreamReconnectIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Pattern OUTBOX = Pattern.compile("(?m)^rivulet_outbox_messages (\\S+)$");
    /** retry-max, and what the test allows on top of it: one look at the link, and a busy CI machine. */
    private static final Duration RETRY_MAX = Duration.ofSeconds(2);
    private static final Duration ALLOWANCE = Duration.ofSeconds(6);

    @TempDir
    Path dir;

    @Test
    void afterALongOutageTheLinkIsBackWithinRetryMax() throws Exception {
        try (Mosquitto central = new Mosquitto("central", dir.resolve("central"), dir.resolve("central.log"))) {
            central.stop();
            int port = freePort();
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: depot}
                    batch: {interval: 500ms}
                    storage: {directory: '%s'}
                    status: {address: 127.0.0.1, port: %d}
                    brokers:
                      central: {url: '%s', client-id: rivulet-reconnect}
                    sources:
                      fleet: {type: simulator, buses: 4, speed: 60}
                    pipelines:
                      occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                    upstream:
                      broker: central
                      period: 1s
                      retry-max: %ds
                    """.formatted(dir.resolve("state"), port, central.url(), RETRY_MAX.toSeconds()));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            try {
                gateway.start("central broker down");
                // 40 summaries held: an outage long enough for a doubling back-off to reach half a minute.
                await("40 summaries held while the central broker is down", () -> outbox(metrics) >= 40);

                central.start();
                long returned = System.nanoTime();
                await("the outbox drained to the central broker", () -> outbox(metrics) == 0);
                Duration back = Duration.ofNanos(System.nanoTime() - returned);
                assertTrue(back.compareTo(RETRY_MAX.plus(ALLOWANCE)) <= 0, "the link came back " + back.toMillis()
                        + " ms after the broker, with upstream.retry-max " + RETRY_MAX + "\n"
                        + gateway.excerpt(line -> line.contains("upstream") || line.contains("uplink")));
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }
        }
    }

    private long outbox(URI metrics) {
        return MetricsScrape.value(metrics, OUTBOX, -1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
