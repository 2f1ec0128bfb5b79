package dev.rivulet.ops;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar under the systemd unit's JVM flags, {@code rivulet run} on a simulated fleet, against the status
 * endpoint's adversaries: 50 clients that each send half a request line and hold their connection do not keep
 * {@code /health}, {@code /metrics} or {@code rivulet status} from answering within a second; a forged Host is
 * refused; and a status port another program holds stops the start with exit status 1 and the key to change.
 */
class StatusServerHardeningIT {

    private static final Path ROOT = HostTools.repositoryRoot();
    private static final Path JAR = ROOT.resolve("app/target/rivulet.jar");
    private static final int SLOW_CLIENTS = 50;

    @TempDir
    Path dir;

    @Test
    void fiftySlowClientsDoNotKeepHealthAndMetricsFromAnswering() throws Exception {
        int port = freePort();
        Path log = dir.resolve("gateway.log");
        Process gateway = run(config(port), log);
        List<Socket> slow = new ArrayList<>();
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            await("the gateway ready: " + log, () -> status(base.resolve("/health")) == 200);
            // The control: as many rounds as below take, no slow client.
            List<Long> quietMillis = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                quietMillis.add(timed(base.resolve("/health"), 200));
                timed(base.resolve("/metrics"), 200);
            }
            String idle = memory(gateway);

            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write("GET /health HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            long heldSince = System.nanoTime();
            Process cli = new ProcessBuilder(java(), "-jar", JAR.toString(), "status", "--url", base.toString())
                    .redirectErrorStream(true).start();
            String summary = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, cli.exitValue(), "rivulet status while the slow clients hold on:\n" + summary);
            List<Long> healthMillis = new ArrayList<>();
            List<Long> metricsMillis = new ArrayList<>();
            // Several seconds, inside the 10 s the slow clients are given to finish their heads.
            while (System.nanoTime() - heldSince < TimeUnit.SECONDS.toNanos(8)) {
                healthMillis.add(timed(base.resolve("/health"), 200));
                metricsMillis.add(timed(base.resolve("/metrics"), 200));
                // The pace of the loop: a slow client hears nothing for 100 ms, its connection held, not answered.
                Socket one = slow.get(healthMillis.size() % SLOW_CLIENTS);
                one.setSoTimeout(100);
                assertThrows(SocketTimeoutException.class, () -> one.getInputStream().read(), "a slow client was answered");
            }
            String held = memory(gateway);

            for (List<Long> millis : List.of(healthMillis, metricsMillis)) {
                assertTrue(Collections.max(millis) < 1000, "an answer took a second or more: " + millis);
            }
            assertTrue(healthMillis.size() >= 5, "asked repeatedly: " + healthMillis);
            System.out.printf("status endpoint without slow clients, %d rounds: /health max %d ms median %d ms; %s%n",
                    quietMillis.size(), Collections.max(quietMillis), median(quietMillis), idle);
            System.out.printf("status endpoint with %d slow clients, %d rounds: /health max %d ms median %d ms;"
                            + " /metrics max %d ms median %d ms; %s%n", SLOW_CLIENTS, healthMillis.size(),
                    Collections.max(healthMillis), median(healthMillis), Collections.max(metricsMillis),
                    median(metricsMillis), held);

            assertEquals(421, rawStatus(port, "GET /api/status HTTP/1.1\r\nHost: attacker.example\r\n\r\n"),
                    "DNS rebinding: a page of attacker.example may not read the gateway");
            assertEquals(200, rawStatus(port, "GET /api/status HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n"));
            assertFeedRevalidated(base.resolve("/gtfs-rt/vehicle-positions"));
            assertTrue(gateway.isAlive(), Files.readString(log));
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            gateway.destroy();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStatusPortHeldByAnotherProgramStopsTheStart() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = squatter.getLocalPort();
            Path log = dir.resolve("gateway.log");
            Process gateway = run(config(port), log);
            if (!gateway.waitFor(60, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
                fail("the gateway runs without its status page:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertEquals(1, gateway.exitValue(), output);
            assertTrue(output.contains("rivulet: the gateway could not start: status.address 127.0.0.1, status.port " + port
                    + ": the status page cannot listen there"), output);
            assertTrue(output.contains("choose another status.port, or set status.port: 0"), output);
            assertFalse(output.contains("Exception"), "a message, not a stack trace:\n" + output);
        }
    }

    @Test
    void theDemoMovesToAFreePortWhenItsOwnIsTaken() throws Exception {
        ServerSocket squatter = null;
        try {
            squatter = new ServerSocket(9780, 50, InetAddress.getByName("127.0.0.1"));
        } catch (IOException alreadyTaken) {
            // Some other program holds it already: the demo must move just the same.
        }
        try {
            Path log = dir.resolve("demo.log");
            Process demo = new ProcessBuilder(java(), "-Xmx64m", "-jar", JAR.toString(), "demo", "--seconds", "3")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!demo.waitFor(60, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
                fail("the demo did not end:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            assertEquals(0, demo.exitValue(), output);
            assertTrue(output.contains("Port 9780 is in use; the demo's status page is on port "), output);
        } finally {
            if (squatter != null) {
                squatter.close();
            }
        }
    }

    private String config(int port) throws IOException {
        String yaml = """
                gateway: {id: depot}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {port: %d}
                sources:
                  fleet: {type: simulator, buses: 8, speed: 60}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                """.formatted(dir.resolve("state"), port);
        return Files.writeString(dir.resolve("rivulet.yaml"), yaml).toString();
    }

    /** {@code rivulet run} as the systemd unit starts it: the unit's own JVM flags, read from the unit file. */
    private Process run(String config, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        String unit = Files.readString(ROOT.resolve("systemd/rivulet.service"));
        int start = unit.indexOf("RIVULET_JAVA_OPTS=") + "RIVULET_JAVA_OPTS=".length();
        for (String flag : unit.substring(start, unit.indexOf('"', start)).split(" ")) {
            command.add(flag.startsWith("-Dorg.sqlite.tmpdir=") ? "-Dorg.sqlite.tmpdir=" + dir : flag);
        }
        command.addAll(List.of("-jar", JAR.toString(), "run", "--config", config));
        assertTrue(command.contains("-Xmx48m"), command.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** VmHWM and VmRSS of the process, from /proc. */
    private static String memory(Process process) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"));
        return String.join(", ", lines.stream().filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS"))
                .map(l -> l.replaceAll("\\s+", " ")).toList());
    }

    /** Milliseconds a GET took, which must answer {@code expected}. */
    /**
     * A GTFS-Realtime consumer's poll with the ETag it holds gets 304 and no body while the feed is unchanged, and
     * the new feed with a new tag once a batch changed it (batches are 500 ms apart: a few tries see both).
     */
    private static void assertFeedRevalidated(URI feed) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        int notModified = 0;
        for (int i = 0; i < 50 && notModified == 0; i++) {
            var first = http.send(java.net.http.HttpRequest.newBuilder(feed).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, first.statusCode());
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElseThrow());
            assertTrue(first.headers().firstValue("Last-Modified").isPresent(), first.headers().toString());
            var again = http.send(java.net.http.HttpRequest.newBuilder(feed).header("If-None-Match", etag).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            if (again.statusCode() == 304) {
                assertEquals(0, again.body().length);
                assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
                notModified++;
            } else {
                assertEquals(200, again.statusCode());
                assertTrue(!etag.equals(again.headers().firstValue("ETag").orElseThrow()), "a 200 to a matching tag");
            }
        }
        assertEquals(1, notModified, "an unchanged feed is answered 304 Not Modified");
    }

    private static long timed(URI uri, int expected) throws IOException {
        long start = System.nanoTime();
        assertEquals(expected, get(uri));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static int get(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(5000);
        connection.setReadTimeout(5000);
        try {
            int code = connection.getResponseCode();
            InputStream body = code < 400 ? connection.getInputStream() : connection.getErrorStream();
            if (body != null) {
                body.readAllBytes();
            }
            return code;
        } finally {
            connection.disconnect();
        }
    }

    private static int status(URI uri) {
        try {
            return get(uri);
        } catch (IOException e) {
            return -1;   // not listening yet
        }
    }

    /** The status code of a request sent byte for byte. */
    private static int rawStatus(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static long median(List<Long> values) {
        Long[] sorted = values.toArray(Long[]::new);
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
