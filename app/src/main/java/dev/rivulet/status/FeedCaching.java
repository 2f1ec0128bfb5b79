package dev.rivulet.status;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;

/**
 * HTTP caching of a feed that consumers poll (GTFS-Realtime readers ask every few seconds): the response carries
 * a strong entity tag of its bytes and the time of the data as {@code Last-Modified}, and may be stored but must
 * be revalidated ({@code Cache-Control: no-cache}); a request whose validators still match gets
 * {@code 304 Not Modified} and no body (RFC 9110 §8.8, §13.1.1–2, §15.4.5).
 *
 * <p>As the RFC orders it: {@code If-None-Match} is evaluated first, by weak comparison, and when it is present
 * {@code If-Modified-Since} is ignored; an {@code If-Modified-Since} that is not a valid HTTP-date is ignored.
 */
final class FeedCaching {

    /** Stored, but asked again every time: the feed changes every batch. */
    static final String CACHE_CONTROL = "no-cache";

    private FeedCaching() {
    }

    /**
     * The response to a GET or HEAD of the feed: 200 with the body and its validators, or 304 with the validators.
     *
     * @param lastModifiedSeconds the time of the data in the feed, in seconds since the epoch (GTFS-Realtime's
     *                            header timestamp); 0 for none
     */
    static HttpResponse respond(RequestHead request, String contentType, byte[] body, long lastModifiedSeconds) {
        String etag = entityTag(body);
        String lastModified = lastModifiedSeconds > 0 ? HttpDate.format(Instant.ofEpochSecond(lastModifiedSeconds)) : null;
        boolean notModified = notModified(request, etag, lastModifiedSeconds);
        HttpResponse response = notModified
                ? HttpResponse.of(304, contentType, new byte[0])
                : HttpResponse.of(200, contentType, body);
        response = response.with("ETag", etag).with("Cache-Control", CACHE_CONTROL);
        return lastModified == null ? response : response.with("Last-Modified", lastModified);
    }

    private static boolean notModified(RequestHead request, String etag, long lastModifiedSeconds) {
        List<String> ifNoneMatch = request.field("If-None-Match");
        if (!ifNoneMatch.isEmpty()) {
            for (String field : ifNoneMatch) {
                for (String tag : field.split(",")) {
                    String candidate = tag.strip();
                    if (candidate.equals("*") || opaque(candidate).equals(opaque(etag))) {
                        return true;
                    }
                }
            }
            return false;
        }
        List<String> ifModifiedSince = request.field("If-Modified-Since");
        if (ifModifiedSince.size() != 1 || lastModifiedSeconds <= 0) {
            return false;
        }
        OptionalLong since = HttpDate.parse(ifModifiedSince.get(0));
        return since.isPresent() && lastModifiedSeconds <= since.getAsLong();
    }

    /** The tag without its weakness indicator: weak comparison (RFC 9110 §8.8.3.2). */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** A strong entity tag of the bytes: the first 16 bytes of their SHA-256, quoted. */
    static String entityTag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return '"' + HexFormat.of().formatHex(digest, 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256 (MessageDigest's documentation).
            throw new IllegalStateException(e);
        }
    }

}
