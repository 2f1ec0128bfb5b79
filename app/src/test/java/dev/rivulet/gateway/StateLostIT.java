package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar, run as the service runs it, whose database is damaged the three ways operators have met: emptied
 * to 0 bytes, its {@code -wal} overwritten with garbage, its {@code -wal} deleted while the state lived only there.
 * Each time the next start says so — an ERROR naming what was lost, a {@code state-lost} alert, the count in
 * /metrics, the files kept aside — instead of starting afresh as if nothing had been there; and the start after
 * that takes the state as it now is, without saying it again.
 */
class StateLostIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Pattern STATE_LOST = Pattern.compile("(?m)^rivulet_state_lost_total (\\S+)$");
    private static final Pattern BATCHES = Pattern.compile("(?m)^rivulet_batches_total (\\S+)$");

    enum Damage {
        EMPTIED, WAL_GARBAGE, WAL_DELETED_WHILE_RUNNING
    }

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedDatabaseIsSaidNotTakenForAFirstStart(Damage damage) throws Exception {
        Path state = dir.resolve("state");
        int port = freePort();
        // A large autocheckpoint keeps the newest state in the -wal, as on a gateway between SQLite's checkpoints.
        Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                gateway: {id: depot}
                batch: {interval: 200ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                sources:
                  fleet: {type: simulator, buses: 6, speed: 600}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                """.formatted(state, port));
        GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        Path database = state.resolve("rivulet.db");
        Path wal = state.resolve("rivulet.db-wal");
        try {
            gateway.start("life 1");
            await("ten batches checkpointed", () -> metric(metrics, BATCHES) >= 10
                    && contains(state.resolve("rivulet.db.state"), "batch-time=1"));
            if (damage == Damage.WAL_DELETED_WHILE_RUNNING) {
                Files.delete(wal);
            }
            gateway.kill("after ten batches");
            switch (damage) {
                case EMPTIED -> {
                    try (RandomAccessFile file = new RandomAccessFile(database.toFile(), "rw")) {
                        file.setLength(0);
                    }
                    Files.deleteIfExists(wal);
                    Files.deleteIfExists(state.resolve("rivulet.db-shm"));
                }
                case WAL_GARBAGE -> {
                    byte[] garbage = new byte[(int) Files.size(wal)];
                    Arrays.fill(garbage, (byte) 0x5A);
                    Files.write(wal, garbage);
                }
                case WAL_DELETED_WHILE_RUNNING -> { }
            }

            gateway.start("life 2, after the damage");
            await("the loss counted in /metrics", () -> metric(metrics, STATE_LOST) == 1);
            await("the state-lost alert", () -> contains(dir.resolve("gateway.log"), "ALERT RAISED state-lost"));
            List<String> errors = gateway.lines().stream()
                    .filter(line -> line.contains("ERROR") && line.contains("state lost")).toList();
            assertEquals(1, errors.size(), gateway.excerpt(line -> line.contains("ERROR")));
            assertTrue(errors.get(0).contains("batch time"), errors.get(0));
            try (Stream<Path> files = Files.list(state)) {
                assertTrue(files.anyMatch(file -> file.getFileName().toString().startsWith("rivulet.db.lost-")),
                        "the damaged files are kept aside");
            }
            await("batches after the loss", () -> metric(metrics, BATCHES) >= 5);
            assertTrue(gateway.terminate("life 2 stops"));

            gateway.start("life 3");
            await("batches in life 3", () -> metric(metrics, BATCHES) >= 5);
            assertEquals(0, metric(metrics, STATE_LOST), "a loss is said once, not at every start after it");
            assertTrue(gateway.terminate("life 3 stops"));
        } finally {
            gateway.destroy();
        }
    }

    private long metric(URI metrics, Pattern name) {
        try {
            String body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher value = name.matcher(body);
            return value.find() ? (long) Double.parseDouble(value.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
