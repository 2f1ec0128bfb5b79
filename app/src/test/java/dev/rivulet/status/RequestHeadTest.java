package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Request heads as clients send them, and the path each is routed on or the status it is refused with. */
class RequestHeadTest {

    @TestFactory
    Stream<DynamicTest> theRoutedPath() {
        return Stream.of(
                path("a plain path", "/health", "/health"),
                path("a query string is ignored", "/health?probe=systemd", "/health"),
                path("a fragment is ignored", "/api/status#buses", "/api/status"),
                path("absolute form", "http://localhost:9780/metrics?x", "/metrics"),
                path("absolute form without a path", "http://localhost:9780", "/"),
                path("absolute form with only a query", "http://localhost?x=1", "/"),
                path("the page with a query", "/?interval=500", "/"));
    }

    @TestFactory
    Stream<DynamicTest> refusedHeads() {
        return Stream.of(
                refused("no version", "GET /health\r\n\r\n", 400),
                refused("two spaces", "GET  /health HTTP/1.1\r\n\r\n", 400),
                refused("a relative target", "GET health HTTP/1.1\r\n\r\n", 400),
                refused("HTTP/2 in text", "GET / HTTP/2.0\r\n\r\n", 505),
                refused("HTTP/0.9 style version", "GET / HTTP/0.9\r\n\r\n", 505),
                refused("space before the colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
                refused("no colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", 400),
                refused("line folding", "GET / HTTP/1.1\r\nHost: x\r\n  y\r\n\r\n", 400),
                refused("a bare CR in a value", "GET / HTTP/1.1\r\nHost: x\ry\r\n\r\n", 400),
                refused("only empty lines", "\r\n\r\n", 400));
    }

    @Test
    void fieldsAreFoundByAnyCaseAndKeepEveryValue() throws Exception {
        RequestHead head = parse("HEAD /metrics HTTP/1.0\r\nHOST: pi.local\r\nAccept: a\r\naccept: b\r\n\r\n");
        assertEquals("HEAD", head.method());
        assertEquals("HTTP/1.0", head.version());
        assertEquals(List.of("pi.local"), head.field("Host"));
        assertEquals(List.of("a", "b"), head.field("ACCEPT"));
        assertEquals(List.of(), head.field("Cookie"));
    }

    @Test
    void theHeadEndsAtTheFirstBlankLineNotAtLeadingOnes() {
        byte[] bytes = "\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(bytes.length - 4, RequestHead.end(bytes, 0, bytes.length));
        byte[] bare = "GET / HTTP/1.1\nHost: x\n\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(bare.length, RequestHead.end(bare, 0, bare.length));
        assertEquals(-1, RequestHead.end(bytes, 0, 20), "not ended yet");
        assertEquals(bytes.length - 4, RequestHead.end(bytes, bytes.length - 8, bytes.length), "found from near the end");
    }

    private static DynamicTest path(String name, String target, String expected) {
        return DynamicTest.dynamicTest(name, () ->
                assertEquals(expected, parse("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n").path()));
    }

    private static DynamicTest refused(String name, String head, int status) {
        return DynamicTest.dynamicTest(name, () ->
                assertEquals(status, assertThrows(RequestHead.Malformed.class, () -> parse(head)).status()));
    }

    private static RequestHead parse(String head) throws RequestHead.Malformed {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return RequestHead.parse(bytes, bytes.length);
    }
}
