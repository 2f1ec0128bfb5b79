package dev.rivulet.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code rivulet status}: fetches {@code /api/status} from a running gateway and prints a summary that
 * reads well in a terminal or an SSH session. Uses {@link HttpURLConnection}, not {@code HttpClient}: one
 * request does not need a selector thread and its pool on a Pi.
 */
public final class StatusClient {

    /** Where a gateway installed with the defaults answers. */
    public static final String DEFAULT_URL = "http://127.0.0.1:" + StatusServer.DEFAULT_PORT;

    /** Exit code: the gateway answered and is live and ready. */
    public static final int READY = 0;
    /** Exit code: the gateway answered but is not ready, or not live. */
    public static final int NOT_READY = 1;
    /** Exit code: the gateway is live and ready but degraded: a link is down (the reasons say which). */
    public static final int DEGRADED = 4;
    /** Exit code: no gateway answered at that URL, or the answer was not a status. */
    public static final int UNREACHABLE = 3;

    private final URI base;
    private final Duration timeout;

    /** A client for the gateway at {@code base}, e.g. {@link #DEFAULT_URL}; each request waits up to {@code timeout}. */
    public StatusClient(URI base, Duration timeout) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.timeout = timeout;
    }

    /**
     * What the CLI calls: prints the summary to {@code out}, or why there is none to {@code err}.
     *
     * @param url the gateway's base URL, or null for {@link #DEFAULT_URL}
     * @return {@link #READY}, {@link #NOT_READY}, {@link #DEGRADED} or {@link #UNREACHABLE}: the process's exit code
     */
    public static int run(String url, PrintStream out, PrintStream err) {
        URI uri;
        try {
            uri = URI.create(url == null ? DEFAULT_URL : url);
            if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http:// URL");
            }
        } catch (IllegalArgumentException e) {
            err.println("rivulet status: --url " + url + " is not a URL like " + DEFAULT_URL);
            return UNREACHABLE;
        }
        try {
            Map<String, Object> status = new StatusClient(uri, Duration.ofSeconds(5)).fetch();
            out.print(StatusSummary.format(uri, status));
            if (!Boolean.TRUE.equals(status.get("live")) || !Boolean.TRUE.equals(status.get("ready"))) {
                return NOT_READY;
            }
            return Boolean.TRUE.equals(status.get("degraded")) ? DEGRADED : READY;
        } catch (IOException e) {
            err.println("rivulet status: no gateway answered at " + uri + " (" + e.getMessage() + ").");
            err.println("Is it running? Try: systemctl status rivulet; the address is status.address and "
                    + "status.port in /etc/rivulet/rivulet.yaml.");
            return UNREACHABLE;
        }
    }

    /** {@code /api/status} as maps and lists (see {@link StatusJson} for its shape). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fetch() throws IOException {
        Object document = JsonTree.parse(get("api/status"));
        if (!(document instanceof Map) || !((Map<String, Object>) document).containsKey("buses")) {
            throw new IOException("the answer is not a Rivulet status document");
        }
        return (Map<String, Object>) document;
    }

    private String get(String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestProperty("Accept", "application/json");
        try {
            int code = connection.getResponseCode();
            if (code != 200) {
                throw new IOException("HTTP " + code + " from " + base.resolve(path));
            }
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Reads a list field, empty when absent. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> object, String field) {
        Object value = object.get(field);
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }
}
