package dev.rivulet.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request written byte for byte on a socket, and the response read to the end of the connection: what a
 * browser, curl or an attacker may send, not what an HTTP client library allows.
 *
 * @param status  the response's status code
 * @param headers its header fields by lower-case name (the last value of a repeated one)
 * @param body    its body as received
 */
record RawHttp(int status, Map<String, String> headers, String body) {

    /** Sends {@code request} as it is (ISO-8859-1) and reads the whole response; gives up after 10 s. */
    static RawHttp exchange(InetSocketAddress server, String request) throws IOException {
        try (Socket socket = new Socket(server.getAddress(), server.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    /** A GET of {@code path} naming {@code host}. */
    static RawHttp get(InetSocketAddress server, String path, String host) throws IOException {
        return exchange(server, "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    }

    /** Reads a response to the end of the stream. */
    static RawHttp read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IOException("not an HTTP response: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        String body = new String(Arrays.copyOfRange(all, end + 4, all.length), StandardCharsets.UTF_8);
        return new RawHttp(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
    }

    /** One header's value, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
