package dev.rivulet.status;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.0 or 1.1 request line and its header fields (RFC 9112 §2–5), all the status endpoint reads of a
 * request: it answers GET and HEAD, so a body is never read, and every response closes the connection.
 *
 * @param method  e.g. {@code GET}, case-sensitive as the RFC says
 * @param target  the request target as sent: {@code /health?x=1}, or {@code http://host/health} (absolute form)
 * @param version {@code HTTP/1.0} or {@code HTTP/1.1}
 * @param fields  header field values by lower-case name, in the order received
 */
record RequestHead(String method, String target, String version, Map<String, List<String>> fields) {

    /** Copies the fields. */
    RequestHead {
        fields = Map.copyOf(fields);
    }

    /** The path to route on: the target without its query or fragment, and without the scheme and authority. */
    String path() {
        String path = target;
        String authority = absoluteAuthority();
        if (authority != null) {
            int start = target.indexOf("//") + 2 + authority.length();
            path = start < target.length() ? target.substring(start) : "/";
        }
        int end = path.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = path.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        path = path.substring(0, end);
        return path.isEmpty() ? "/" : path;
    }

    /** The authority of an absolute-form target ({@code http://host:port/...}), which overrides Host; else null. */
    String absoluteAuthority() {
        String lower = target.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return null;
        }
        int start = target.indexOf("//") + 2;
        int end = start;
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return target.substring(start, end);
    }

    /** Every value of one header field, by its case-insensitive name; empty when absent. */
    List<String> field(String name) {
        return fields.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Whether the response must leave out its body. */
    boolean isHead() {
        return method.equals("HEAD");
    }

    /**
     * Parses a request head: the bytes up to and including the blank line that ends it.
     *
     * @throws Malformed with the status to answer: 400, or 505 for a version other than 1.0 and 1.1
     */
    static RequestHead parse(byte[] bytes, int length) throws Malformed {
        List<String> lines = lines(new String(bytes, 0, length, StandardCharsets.ISO_8859_1));
        int at = 0;
        // A client may send empty lines before the request line (RFC 9112 §2.2): skip them.
        while (at < lines.size() && lines.get(at).isEmpty()) {
            at++;
        }
        if (at == lines.size()) {
            throw new Malformed(400, "no request line");
        }
        String[] parts = lines.get(at).split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty() || hasControlOrSpace(parts[1])) {
            throw new Malformed(400, "the request line is not 'METHOD /path HTTP/1.1'");
        }
        String version = parts[2];
        if (!version.matches("HTTP/\\d\\.\\d")) {
            throw new Malformed(400, "the request line is not 'METHOD /path HTTP/1.1'");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new Malformed(505, "only HTTP/1.0 and HTTP/1.1 are spoken here, not " + version);
        }
        if (!parts[1].startsWith("/") && !parts[1].equals("*") && !parts[1].toLowerCase(Locale.ROOT).matches("https?://.*")) {
            throw new Malformed(400, "the request target must be a path like /health");
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (at++; at < lines.size() && !lines.get(at).isEmpty(); at++) {
            String line = lines.get(at);
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new Malformed(400, "obsolete line folding in the header fields");
            }
            int colon = line.indexOf(':');
            // No whitespace between a field's name and its colon (RFC 9112 §5.1): a smuggling trick, refused.
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new Malformed(400, "a header field is not 'Name: value'");
            }
            String value = line.substring(colon + 1).strip();
            if (value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
                throw new Malformed(400, "a header field holds a CR or NUL");
            }
            fields.computeIfAbsent(line.substring(0, colon).toLowerCase(Locale.ROOT), name -> new ArrayList<>()).add(value);
        }
        return new RequestHead(parts[0], parts[1], version, fields);
    }

    /**
     * Where a request head ends: the index just past its blank line (CRLF CRLF, or bare LF LF, which RFC 9112 §2.2
     * lets a server accept), or -1 when it has not ended in {@code bytes[0, length)}; the search starts at
     * {@code from}. One or two empty lines before the request line do not end it.
     */
    static int end(byte[] bytes, int from, int length) {
        int start = 0;
        while (start < Math.min(length, 4) && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        for (int i = Math.max(start, from); i < length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            if (i + 1 < length && bytes[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            int end = i > start && text.charAt(i - 1) == '\r' ? i - 1 : i;
            lines.add(text.substring(start, end));
            start = i + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** An RFC 9110 token: the characters a method or a field name may hold. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControlOrSpace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) <= ' ' || text.charAt(i) == 127) {
                return true;
            }
        }
        return false;
    }

    /** A request that cannot be answered as asked, with the status to answer and a short reason. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Malformed(int status, String reason) {
            super(reason);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
