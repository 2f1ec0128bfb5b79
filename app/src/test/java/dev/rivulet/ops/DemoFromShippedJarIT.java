package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.status.GtfsRealtimeRules;
import dev.rivulet.status.OfficialGtfsRealtime;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivulet demo --seconds 30} from the shipped jar in a child JVM, as a user first runs it: no load past the
 * crush load ever appears, neither on the console nor in {@code /api/status} while it runs, its GTFS-Realtime feed
 * parses with the official bindings, and {@code /metrics} exports the rejected readings.
 */
class DemoFromShippedJarIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    /** The demo's 40-seat buses at its 150 % crush load. */
    private static final int CRUSH_LOAD = 60;
    private static final Pattern STATUS_BUS = Pattern.compile(
            "\"id\":\"(bus-\\d+)\",\"occupancy\":(-?\\d+),\"capacity\":(\\d+),.*?\"standing\":(\\d+),\"level\":\"([A-Z_]+)\"");
    private static final Pattern CONSOLE_BUS = Pattern.compile("^(bus-\\d+) +(-?\\d+)/(\\d+) .*? (\\d+)%  ([A-Z_]+) ", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void theDemoNeverShowsALoadPastTheCrushLoad() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-jar", JAR.toString(), "demo", "--seconds", "30", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        List<String> statuses = new ArrayList<>();
        OfficialGtfsRealtime feed = null;
        long fetchedAt = 0;
        String metrics = null;
        try {
            while (!demo.waitFor(500, TimeUnit.MILLISECONDS)) {
                String status = get(http, port, "/api/status");
                if (status != null && status.contains("\"level\":\"")) {
                    statuses.add(status);
                    if (statuses.size() == 10) {   // every bus has been seen by then
                        feed = OfficialGtfsRealtime.parse(http.send(request(port, "/gtfs-rt/vehicle-positions"),
                                HttpResponse.BodyHandlers.ofByteArray()).body());
                        fetchedAt = System.currentTimeMillis() / 1000;
                        metrics = get(http, port, "/metrics");
                    }
                }
            }
        } finally {
            demo.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, demo.exitValue(), output);

        assertTrue(statuses.size() >= 10, "the status page answered while the demo ran: " + statuses.size() + "\n" + output);
        int buses = 0;
        for (String status : statuses) {
            Matcher bus = STATUS_BUS.matcher(status);
            while (bus.find()) {
                buses++;
                int occupancy = Integer.parseInt(bus.group(2));
                int crush = Integer.parseInt(bus.group(3)) + Integer.parseInt(bus.group(4));
                assertEquals(CRUSH_LOAD, crush, status);
                assertTrue(occupancy >= 0 && occupancy <= crush, bus.group(1) + " shows " + occupancy + ":\n" + status);
            }
        }
        assertTrue(buses >= 8 * 10, "every bus in every answer: " + buses);

        Matcher line = CONSOLE_BUS.matcher(output);
        int lines = 0;
        while (line.find()) {
            lines++;
            int occupancy = Integer.parseInt(line.group(2));
            assertTrue(occupancy >= 0 && occupancy <= CRUSH_LOAD, line.group() + "\n" + output);
            assertTrue(Integer.parseInt(line.group(4)) <= 150, line.group());
        }
        assertTrue(lines >= 8 * 3, "the console showed the fleet:\n" + output);

        assertTrue(feed != null && feed.entities().size() == 8, "the GTFS-Realtime feed lists the 8 buses: " + feed);
        feed.entities().forEach(entity -> assertTrue(entity.hasOccupancyStatus(), entity.toString()));
        // 40 seats + 20 standing: one passenger is 1.7 %, the default step 2 %.
        assertEquals(List.of(), GtfsRealtimeRules.broken(feed, 2, fetchedAt), feed.text());
        assertTrue(metrics.contains("# TYPE rivulet_rejected_readings_total counter"), metrics);
        String version;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            version = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        }
        assertTrue(metrics.contains("\nrivulet_build_info{version=\"" + version + "\","), "the jar's version: " + metrics);
        assertTrue(Pattern.compile("\nprocess_resident_memory_bytes \\d+\n").matcher(metrics).find(), metrics);
        assertTrue(metrics.contains("\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total "), metrics);
        assertTrue(metrics.contains("\njvm_gc_collection_seconds_count{gc=\""), metrics);
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
    }

    private static String get(HttpClient http, int port, String path) throws InterruptedException {
        try {
            return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;   // not listening yet, or already stopped
        }
    }
}
