package dev.rivulet.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.tinylog.Logger;

/**
 * The status endpoint, on the JDK's built-in HTTP server with one thread: a Pi has little to spare, and
 * the few requests (a browser polling every two seconds, a Prometheus scrape) never need more.
 *
 * <ul>
 *   <li>{@code /health}: {@link Health} as JSON; 200 when live and ready, 503 otherwise</li>
 *   <li>{@code /metrics}: Prometheus text ({@link PrometheusText})</li>
 *   <li>{@code /api/status}: the fleet, the health and the metrics as JSON ({@link StatusJson})</li>
 *   <li>{@code /gtfs-rt/vehicle-positions}: every bus's occupancy level as GTFS-Realtime ({@link GtfsRealtimeFeed})</li>
 *   <li>{@code /}: the status page, one self-contained HTML file polling {@code /api/status}</li>
 * </ul>
 */
public final class StatusServer implements AutoCloseable {

    /** The default address: this device only. Bind to 0.0.0.0 to let the network see it. */
    public static final String DEFAULT_ADDRESS = "127.0.0.1";
    /** The default port. */
    public static final int DEFAULT_PORT = 9780;

    /** No external script, style, font or image can load: the device may be offline, and nothing leaks. */
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] page;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.page = loadPage();
    }

    /**
     * Starts serving.
     *
     * @param address the address to bind, e.g. {@link #DEFAULT_ADDRESS}
     * @param port    the port, or 0 for any free one (tests); see {@link #address()}
     * @param source  where the numbers come from
     * @throws IOException when the address cannot be bound, e.g. the port is in use
     */
    public static StatusServer start(String address, int port, StatusSource source) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(address, port), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "rivulet-status");
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        StatusServer status = new StatusServer(http, executor);
        http.createContext("/", exchange -> status.handle(exchange, source));
        http.start();
        Logger.info("Status page at {}", status.uri());
        return status;
    }

    /** The bound address, with the real port when started on port 0. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's URI, e.g. {@code http://127.0.0.1:9780/}. */
    public URI uri() {
        InetSocketAddress bound = address();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /** Stops serving at once (JDK 17's {@code stop(n)} always waits the full n seconds). */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange, StatusSource source) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "Only GET and HEAD\n");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            try {
                switch (path) {
                    case "/health" -> {
                        Health health = source.health();
                        respond(exchange, health.healthy() ? 200 : 503, "application/json", StatusJson.health(health));
                    }
                    case "/metrics" -> respond(exchange, 200, PrometheusText.CONTENT_TYPE,
                            PrometheusText.render(source.health(), source.metrics(), source.fleet()));
                    case "/api/status" -> respond(exchange, 200, "application/json",
                            StatusJson.status(source.health(), source.metrics(), source.fleet()));
                    case "/gtfs-rt/vehicle-positions" -> respond(exchange, 200, GtfsRealtimeFeed.CONTENT_TYPE,
                            GtfsRealtimeFeed.vehiclePositions(source.fleet()).toByteArray());
                    case "/", "/index.html" -> {
                        exchange.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
                        respond(exchange, 200, "text/html; charset=utf-8", page);
                    }
                    default -> respond(exchange, 404, "text/plain; charset=utf-8",
                            "Not found. Try /, /health, /metrics, /api/status or /gtfs-rt/vehicle-positions\n");
                }
            } catch (RuntimeException e) {
                // A bug in a source must cost one response, not the status thread.
                Logger.warn(e, "Status request {} failed", path);
                respond(exchange, 500, "text/plain; charset=utf-8", "Internal error: " + e + "\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        respond(exchange, code, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int code, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        // Every answer is live data: a cached one would show a state that is gone.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static byte[] loadPage() {
        try (InputStream in = StatusServer.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html is missing from the jar next to StatusServer");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
