package dev.rivulet.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.tinylog.Logger;

/**
 * The status endpoint: what each path answers. The HTTP itself, with its limits on slow and numerous clients, is
 * {@link HttpListener}'s; which Host names are answered, {@link HostRule}'s.
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

    /**
     * No external script, style, font or image can load: the device may be offline, and nothing leaks. No other
     * site may frame the page (clickjacking).
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; frame-ancestors 'none'";

    private static final String ROUTES = "Not found. Try /, /health, /metrics, /api/status or /gtfs-rt/vehicle-positions";

    private final StatusSource source;
    private final HostRule hosts;
    private final byte[] page;
    private HttpListener listener;

    private StatusServer(StatusSource source, HostRule hosts) {
        this.source = source;
        this.hosts = hosts;
        this.page = loadPage();
    }

    /** Starts serving requests that name this machine (see {@link #start(String, int, List, StatusSource)}). */
    public static StatusServer start(String address, int port, StatusSource source) throws IOException {
        return start(address, port, List.of(), source);
    }

    /**
     * Starts serving.
     *
     * @param address      the address to bind, e.g. {@link #DEFAULT_ADDRESS}
     * @param port         the port, or 0 for any free one (tests); see {@link #address()}
     * @param allowedHosts Host names answered besides this machine's own (a DNS name the page is reached by)
     * @param source       where the numbers come from
     * @throws IOException when the address cannot be bound, e.g. {@link java.net.BindException} for a port in use
     */
    public static StatusServer start(String address, int port, List<String> allowedHosts, StatusSource source)
            throws IOException {
        return start(address, port, allowedHosts, source, HttpLimits.DEFAULTS);
    }

    static StatusServer start(String address, int port, List<String> allowedHosts, StatusSource source, HttpLimits limits)
            throws IOException {
        InetSocketAddress socket = new InetSocketAddress(address, port);
        if (socket.isUnresolved()) {
            throw new IOException("the address " + address + " does not resolve");
        }
        StatusServer status = new StatusServer(source, new HostRule(address, socket.getAddress(), allowedHosts));
        status.listener = HttpListener.open(socket, limits, status::respond, Clock.systemUTC(), System::nanoTime);
        Logger.info("Status page at {}", status.uri());
        return status;
    }

    /** The bound address, with the real port when started on port 0. */
    public InetSocketAddress address() {
        return listener.address();
    }

    /** The page's URI, e.g. {@code http://127.0.0.1:9780/}. */
    public URI uri() {
        InetSocketAddress bound = address();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /** Stops serving at once; the port is free when this returns. */
    @Override
    public void close() {
        listener.close();
    }

    /** One request's response; a failing source is {@link HttpListener}'s 500. */
    private HttpResponse respond(RequestHead request) {
        HttpResponse refused = hosts.check(request);
        if (refused != null) {
            return refused;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return HttpResponse.text(405, "Only GET and HEAD").with("Allow", "GET, HEAD");
        }
        return switch (request.path()) {
            case "/health" -> {
                Health health = source.health();
                yield HttpResponse.of(health.healthy() ? 200 : 503, "application/json", StatusJson.health(health));
            }
            case "/metrics" -> HttpResponse.of(200, PrometheusText.CONTENT_TYPE,
                    PrometheusText.render(source.health(), source.metrics(), source.fleet()));
            case "/api/status" -> HttpResponse.of(200, "application/json",
                    StatusJson.status(source.health(), source.metrics(), source.fleet()));
            case "/gtfs-rt/vehicle-positions" -> {
                var feed = GtfsRealtimeFeed.vehiclePositions(source.fleet());
                yield FeedCaching.respond(request, GtfsRealtimeFeed.CONTENT_TYPE, feed.toByteArray(),
                        feed.getHeader().getTimestamp());
            }
            case "/", "/index.html" -> HttpResponse.of(200, "text/html; charset=utf-8", page)
                    .with("Content-Security-Policy", PAGE_POLICY);
            default -> HttpResponse.text(404, ROUTES);
        };
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
