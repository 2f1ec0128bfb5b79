package dev.rivulet.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One response of the status endpoint, and its bytes on the wire. Every response closes its connection, carries
 * no cache and no content sniffing, and may not be framed or leak a referrer: the headers that say so are added
 * here, once, so no route can forget them.
 *
 * @param status      e.g. 200
 * @param contentType the body's media type
 * @param body        the body, sent unless the request was HEAD
 * @param headers     headers of this response besides the ones every response carries
 */
record HttpResponse(int status, String contentType, byte[] body, Map<String, String> headers) {

    private static final String TEXT = "text/plain; charset=utf-8";

    /** Copies the headers. */
    HttpResponse {
        headers = Map.copyOf(headers);
    }

    /** A response with this body. */
    static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, body, Map.of());
    }

    /** A response with this text as its body, one line ending with a newline as curl users expect. */
    static HttpResponse of(int status, String contentType, String body) {
        return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain-text response: an error and what to do about it. */
    static HttpResponse text(int status, String text) {
        return of(status, TEXT, text.endsWith("\n") ? text : text + "\n");
    }

    /** The same response with one more header. */
    HttpResponse with(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new HttpResponse(status, contentType, body, more);
    }

    /** The response as sent: status line, headers, and the body unless {@code head}. */
    ByteBuffer encode(boolean head, Clock clock) {
        StringBuilder text = new StringBuilder(256).append("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nDate: ").append(HttpDate.format(clock.instant()));
        if (status != 304) {
            // HEAD says how long the GET's body would be (RFC 9110 §9.3.2); a 304 has no body and says nothing of
            // the 200's length (§8.6), nor of its type.
            text.append("\r\nContent-Type: ").append(contentType)
                    .append("\r\nContent-Length: ").append(body.length);
        }
        // Every answer is live data: a cached one would show a state that is gone. A response that can be
        // revalidated (the feed: FeedCaching) says its own.
        text.append("\r\nCache-Control: ").append(headers.getOrDefault("Cache-Control", "no-store"))
                .append("\r\nX-Content-Type-Options: nosniff")
                .append("\r\nX-Frame-Options: DENY")
                .append("\r\nReferrer-Policy: no-referrer")
                // One request per connection: nothing to parse between requests, nothing idle to hold open.
                .append("\r\nConnection: close");
        headers.forEach((name, value) -> {
            if (!name.equals("Cache-Control")) {
                text.append("\r\n").append(name).append(": ").append(value);
            }
        });
        byte[] start = text.append("\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bytes = ByteBuffer.allocate(start.length + (head ? 0 : body.length)).put(start);
        if (!head) {
            bytes.put(body);
        }
        return bytes.flip();
    }

    /** The reason phrase of each status the endpoint sends. */
    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 421 -> "Misdirected Request";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + status;
        };
    }
}
