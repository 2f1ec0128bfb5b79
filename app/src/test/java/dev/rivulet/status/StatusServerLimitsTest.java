package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status endpoint against clients that are slow, numerous, oversized or lying, on real sockets of 127.0.0.1:
 * none of them may keep {@code /health} from answering, and none gets more than a short plain refusal.
 */
class StatusServerLimitsTest {

    private static final String HALF_REQUEST = "GET /health HTTP/1.1\r\n";

    private final List<Socket> slow = new ArrayList<>();
    private final ScriptedSource source = ScriptedSource.twoBuses();

    @AfterEach
    void closeSlowClients() throws IOException {
        for (Socket socket : slow) {
            socket.close();
        }
    }

    @Test
    void fiftyClientsSendingHalfARequestDoNotKeepHealthFromAnswering() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            for (int i = 0; i < 50; i++) {
                slow.add(halfRequest(server));
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(200, Http.get(server.uri().resolve("/health")).code());
                assertEquals(200, Http.get(server.uri().resolve("/metrics")).code());
            }
        }
    }

    @Test
    void atTheConnectionCapTheOldestIncompleteConnectionMakesRoom() throws Exception {
        HttpLimits limits = new HttpLimits(4, 16 * 1024, Duration.ofMinutes(1), Duration.ofMinutes(1), 1);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, List.of(), source, limits)) {
            for (int i = 0; i < 4; i++) {
                slow.add(halfRequest(server));
            }
            assertEquals(200, RawHttp.get(server.address(), "/health", "localhost").status(), "a fifth client is answered");
            assertClosedByServer(slow.get(0), "the oldest slow client");
            slow.add(halfRequest(server));   // the cap is reached again
            assertEquals(200, RawHttp.get(server.address(), "/health", "localhost").status(), "and a sixth");
            assertClosedByServer(slow.get(1), "the second oldest");
            slow.get(3).getOutputStream().write("Host: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, RawHttp.read(slow.get(3).getInputStream()).status(), "a newer slow client is still served");
        }
    }

    @Test
    void aHeadNotCompleteWithinTheReadTimeLimitGets408() throws Exception {
        HttpLimits limits = new HttpLimits(8, 16 * 1024, Duration.ofMillis(200), Duration.ofMinutes(1), 1);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, List.of(), source, limits)) {
            Socket client = halfRequest(server);
            slow.add(client);
            RawHttp response = RawHttp.read(client.getInputStream());
            assertEquals(408, response.status());
            assertEquals("close", response.header("Connection"));
            assertEquals(200, RawHttp.get(server.address(), "/health", "localhost").status());
        }
    }

    @Test
    void aClientTricklingItsHeadStillGets408AtTheLimit() throws Exception {
        HttpLimits limits = new HttpLimits(8, 16 * 1024, Duration.ofMillis(300), Duration.ofMinutes(1), 1);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, List.of(), source, limits)) {
            Socket client = halfRequest(server);
            slow.add(client);
            client.getOutputStream().write("X-Drip: ".getBytes(StandardCharsets.ISO_8859_1));
            client.setSoTimeout(50);
            // One byte each time 50 ms pass without an answer: the limit counts from the connection, not the last byte.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try {
                    int first = client.getInputStream().read();
                    assertEquals('H', first, "an answer, not the end of the connection");
                    break;
                } catch (java.net.SocketTimeoutException quiet) {
                    assertTrue(System.nanoTime() < deadline, "no answer to a trickling client");
                    client.getOutputStream().write('a');
                }
            }
            client.setSoTimeout(10_000);
            assertTrue(new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)
                    .startsWith("TTP/1.1 408 "), "408");
        }
    }

    @Test
    void aResponseNotBuiltWithinTheWriteTimeLimitGets503AndTheServerGoesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedSource stuck = new ScriptedSource(request -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ScriptedSource.twoBuses().fleet();
        });
        HttpLimits limits = new HttpLimits(8, 16 * 1024, Duration.ofMinutes(1), Duration.ofMillis(200), 2);
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, List.of(), stuck, limits)) {
            RawHttp late = RawHttp.get(server.address(), "/api/status", "localhost");
            assertEquals(503, late.status());
            assertEquals("The gateway did not produce this answer within 200 ms; see its log\n", late.body());
            assertEquals(200, RawHttp.get(server.address(), "/health", "localhost").status(), "the other worker answers");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHeadLargerThanTheLimitGets431() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            RawHttp response = RawHttp.exchange(server.address(), "GET /health HTTP/1.1\r\nHost: localhost\r\nCookie: "
                    + "a".repeat(20_000) + "\r\n\r\n");
            assertEquals(431, response.status());
            assertTrue(response.body().contains("16384 bytes"), response.body());
            String cookies = "GET /health HTTP/1.1\r\nHost: localhost\r\nCookie: " + "a".repeat(12_000) + "\r\n\r\n";
            assertEquals(200, RawHttp.exchange(server.address(), cookies).status(), "12 KB of cookies is fine");
        }
    }

    @Test
    void aPortInUseIsABindException() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThrows(BindException.class, () -> StatusServer.start("127.0.0.1", squatter.getLocalPort(), source));
        }
    }

    @Test
    void closeFreesThePortAtOnce() throws Exception {
        int port;
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            port = server.address().getPort();
            slow.add(halfRequest(server));
        }
        try (StatusServer again = StatusServer.start("127.0.0.1", port, source)) {
            assertEquals(200, Http.get(again.uri().resolve("/health")).code());
        }
    }

    @Test
    void garbageGetsA400AndTheServerGoesOn() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, source)) {
            InetSocketAddress address = server.address();
            assertEquals(400, RawHttp.exchange(address, "HELLO\r\n\r\n").status());
            assertEquals(400, RawHttp.exchange(address, "GET health HTTP/1.1\r\nHost: localhost\r\n\r\n").status());
            assertEquals(400, RawHttp.exchange(address, "GET /health HTTP/1.1\r\nHost : localhost\r\n\r\n").status(),
                    "whitespace before the colon");
            assertEquals(400, RawHttp.exchange(address, "GET /health HTTP/1.1\r\nHost: localhost\r\n folded\r\n\r\n").status());
            assertEquals(505, RawHttp.exchange(address, "GET /health HTTP/2.0\r\nHost: localhost\r\n\r\n").status());
            assertEquals(200, RawHttp.exchange(address, "\r\nGET /health HTTP/1.1\nHost: localhost\n\n").status(),
                    "an empty line first and bare line feeds are accepted");
            assertEquals(200, RawHttp.get(address, "/health", "localhost").status());
        }
    }

    private static Socket halfRequest(StatusServer server) throws IOException {
        Socket socket = new Socket(server.address().getAddress(), server.address().getPort());
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(HALF_REQUEST.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /** The server closed {@code socket} without a response: its end of stream, or a reset. */
    private static void assertClosedByServer(Socket socket, String which) throws IOException {
        try {
            assertEquals(-1, socket.getInputStream().read(), which + " got an answer instead of being closed");
        } catch (SocketException reset) {
            // Closed with its bytes unread: a reset is the server closing it too.
        }
    }
}
