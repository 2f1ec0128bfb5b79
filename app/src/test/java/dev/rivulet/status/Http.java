package dev.rivulet.status;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** One plain HTTP request, for tests. */
record Http(int code, String contentType, String cacheControl, String contentSecurityPolicy, String body) {

    static Http request(String method, URI uri) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setRequestMethod(method);
        c.setConnectTimeout(10_000);
        c.setReadTimeout(10_000);
        try {
            int code = c.getResponseCode();
            InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Http(code, c.getContentType(), c.getHeaderField("Cache-Control"),
                    c.getHeaderField("Content-Security-Policy"), body);
        } finally {
            c.disconnect();
        }
    }

    static Http get(URI uri) throws IOException {
        return request("GET", uri);
    }
}
