package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.status.Health;
import dev.rivulet.status.StatusClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ready only when ready: batches complete, and every source is connected and subscribed. Batches run as the test
 * moves the clock ({@link ManualTime}); what a broker does is waited for as an event ({@link GatewayWatch}), never
 * polled.
 */
class GatewayHealthTest {

    @TempDir
    Path state;

    /** Batches run as the test moves this clock; only the brokers' answers are waited for. */
    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 0);

    @Test
    void aSourceThatCannotSubscribeKeepsTheGatewayNotReadyButLive() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: %d}
                brokers:
                  local: {url: 'tcp://127.0.0.1:1'}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/+/door]
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, boardings: in, alightings: out}
                """.formatted(state, port), "depot.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            GatewayWatch watch = new GatewayWatch(gateway);
            time.until("batches complete", () -> gateway.metrics().batches() >= 3);
            watch.until("the broker's refusal seen", () -> gateway.health().reasons().stream()
                    .anyMatch(reason -> reason.contains("network unreachable")));
            Health health = gateway.health();
            assertTrue(health.live(), health.toString());
            assertFalse(health.ready(), health.toString());
            assertEquals(1, health.reasons().size(), health.toString());
            assertTrue(health.reasons().get(0).startsWith("source 'doors' is not connected and subscribed: broker 'local'"
                    + " (tcp://127.0.0.1:1): network unreachable: no connection to tcp://127.0.0.1:1; check brokers.local.url"),
                    health.reasons().get(0));
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.statusUri() + "health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"ready\":false"), answer.body());
        }
    }

    /** "degraded" once read false whenever a source was down too: an upstream down is said whatever else is. */
    @Test
    void theUpstreamDownIsDegradedEvenWhileASourceIsDownToo() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}
                brokers:
                  local: {url: 'tcp://127.0.0.1:1'}
                  central: {url: 'tcp://127.0.0.1:2'}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/+/door]
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, boardings: in, alightings: out}
                upstream: {broker: central}
                """.formatted(state), "depot.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            new GatewayWatch(gateway).until("the upstream link found down", () -> gateway.health().reasons().stream()
                    .anyMatch(reason -> reason.startsWith("upstream down")));
            Health health = gateway.health();
            assertFalse(health.ready(), health.toString());
            assertTrue(health.degraded(), health.toString());
        }
    }

    /**
     * The first start: the broker holds no session for the gateway yet, so a reading published before the source
     * has subscribed is not for it. {@code /health} (and so a supervisor, or a publisher waiting for it) must not
     * say ready in that gap, however long the first connection takes. Here the connection is held at a proxy
     * until batches complete; the status page answers all along.
     */
    @Test
    void onAFirstStartTheGatewayIsNotReadyUntilItsSourceHasSubscribed(@TempDir Path work) throws Exception {
        try (Mosquitto broker = new Mosquitto("local", work.resolve("broker"), work.resolve("mosquitto.log"));
             HeldProxy proxy = new HeldProxy(broker.port())) {
            int port = freePort();
            RivuletConfig config = ConfigLoader.parse("""
                    gateway: {id: depot}
                    batch: {interval: 100ms}
                    storage: {directory: '%s'}
                    status: {port: %d}
                    brokers:
                      local: {url: 'tcp://127.0.0.1:%d'}
                    sources:
                      doors:
                        type: mqtt
                        broker: local
                        topics: [buses/door]
                        qos: 1
                        decoder: {format: json, key: bus, fields: [in, out]}
                    pipelines:
                      occupancy: {type: bus-occupancy, source: doors, boardings: in, alightings: out}
                    """.formatted(state, port, proxy.port()), "depot.yaml");
            CompletableFuture<Gateway> started = CompletableFuture.supplyAsync(() -> {
                try {
                    return Gateway.start(config, output -> {
                        throw new AssertionError("no pins");
                    }, time.clock());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2));
                proxy.awaitHeld();
                // The status page starts before any source, so it answers while the source's connection is held.
                assertFalse(fetch(status).isEmpty(), "the status page answers while the source connects");
                time.until("a batch completes while the source is still connecting", () -> batches(status) > 0);
                Map<String, Object> now = status.fetch();
                assertEquals(Boolean.FALSE, now.get("ready"), "ready before the source subscribed: " + now);
                assertTrue(String.valueOf(now.get("reasons")).contains("source 'doors'"), now.toString());

                proxy.release();
                // The start returns once the source's first connection attempt has, through the released proxy.
                Gateway gateway = started.get(1, TimeUnit.MINUTES);
                GatewayWatch watch = new GatewayWatch(gateway);
                watch.until("ready once the source has subscribed", () -> Boolean.TRUE.equals(fetch(status).get("ready")));
                broker.publishLines("buses/door", List.of("{\"bus\":\"b1\",\"in\":3,\"out\":0}"));
                watch.until("the reading received", () -> gateway.sources().get(0).counters().decoded() >= 1);
                time.until("the reading published once ready is counted",
                        () -> gateway.fleet().buses().stream().anyMatch(bus -> bus.id().equals("b1") && bus.occupancy() == 3));
            } finally {
                proxy.release();
                started.get(30, TimeUnit.SECONDS).close();
            }
        }
    }

    private static long batches(StatusClient status) {
        return fetch(status).get("metrics") instanceof Map<?, ?> metrics && metrics.get("batches") instanceof Number n
                ? n.longValue() : 0;
    }

    /** {@code /api/status}, or nothing while the status page does not answer yet. */
    private static Map<String, Object> fetch(StatusClient status) {
        try {
            return status.fetch();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    /** A TCP proxy to the broker that holds each connection it accepts until {@link #release()}: a slow first link. */
    private static final class HeldProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final int target;
        private final CountDownLatch accepted = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final List<Socket> sockets = new ArrayList<>();

        HeldProxy(int target) throws IOException {
            this.target = target;
            Thread acceptor = new Thread(this::accept, "held-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** Returns once the first connection has reached the proxy (and is held there). */
        void awaitHeld() throws InterruptedException {
            if (!accepted.await(1, TimeUnit.MINUTES)) {
                fail("no connection reached the proxy within a minute");
            }
        }

        void release() {
            released.countDown();
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = server.accept();
                    accepted.countDown();
                    released.await();
                    Socket upstream = new Socket("127.0.0.1", target);
                    synchronized (sockets) {
                        sockets.add(client);
                        sockets.add(upstream);
                    }
                    pipe(client.getInputStream(), upstream.getOutputStream());
                    pipe(upstream.getInputStream(), client.getOutputStream());
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        }

        private static void pipe(InputStream from, OutputStream to) {
            Thread copier = new Thread(() -> {
                try (from; to) {
                    from.transferTo(to);
                } catch (IOException e) {
                    // one side closed
                }
            }, "held-proxy-pipe");
            copier.setDaemon(true);
            copier.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }
}
