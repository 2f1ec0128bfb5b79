package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory source across restarts, as Spark's {@code textFileStream} recovers from its checkpoint: a file being
 * read when the gateway is killed goes on from its next unread line, and a file that arrived while the gateway was
 * down is read when it is back. Before, every file present at a start was skipped, so both were lost: the rest of the
 * interrupted file and the whole new one. Here the shipped jar runs with the unit's JVM flags and a {@code max-rate}
 * low enough that a SIGKILL lands mid-file; every reading must be counted exactly once over three lives (a SIGKILL,
 * then a SIGTERM mid-file), and every line the decoder refuses must be among the dead letters (they are handed over a
 * run at a time, and kept before the place of a reading after them). {@code -Drivulet.directory.jar=PATH} runs another
 * build.
 */
class DirectoryRestartIT {

    private static final Path JAR = Path.of(System.getProperty("rivulet.directory.jar",
            HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
    private static final int BUSES = 20;
    /** Every so many lines is one the decoder refuses: fewer in all than the 1,000 dead letters the store keeps. */
    private static final int BAD_EVERY = 250;

    @TempDir
    Path work;

    private final Map<String, Long> expected = new TreeMap<>();
    private int written;
    private int bad;

    @Test
    void aFileInterruptedByAKillAndAFileThatArrivedMeanwhileAreReadOnceEach() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Files.writeString(incoming.resolve("before.json"), "{\"bus\":\"old\",\"in\":1,\"out\":0}\n");
        Path state = work.resolve("state");
        int statusPort = GatewayProcess.freePort();
        Path config = Files.writeString(work.resolve("rivulet.yaml"), """
                gateway: {id: directory-restart}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                sources:
                  files:
                    type: directory
                    path: '%s'
                    max-rate: 20000
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: files, capacity: 100000}
                """.formatted(state, statusPort, incoming));
        GatewayProcess gateway = GatewayProcess.withUnitFlags(JAR, config, Path.of("target", "directory-restart-gateway.log"), state);
        StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
        try {
            gateway.start("life 1: before.json was there first, as Spark's textFileStream it is not read");
            gateway.awaitReady(status);
            drop(incoming, "a.json", 100_000);
            awaitSomeTaken(gateway, status);
            gateway.kill("life 1: SIGKILL while a.json is read");
            drop(incoming, "b.json", 30_000);

            gateway.start("life 2: the rest of a.json, and b.json that came while it was down");
            gateway.awaitReady(status);
            drop(incoming, "c.json", 60_000);
            awaitSomeTaken(gateway, status);
            assertTrue(gateway.terminate("life 2: SIGTERM while c.json is read"), "life 2 stopped on SIGTERM");

            gateway.start("life 3: the rest of c.json");
            gateway.awaitReady(status);
            Map<String, Long> occupancy = gateway.awaitOccupancy(status, expected, 60);
            gateway.waitFor(1_500);
            assertEquals(expected, ApplianceChecks.occupancyOf(status.fetch()), "still each reading once");
            assertTrue(gateway.terminate("life 3: SIGTERM"), "stopped on SIGTERM");
            Predicate<String> notable = line -> !line.startsWith("----")
                    && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
            assertTrue(gateway.lines().stream().noneMatch(notable), gateway.excerpt(notable));
            assertEquals(expected, occupancy, "each of the " + (written - bad) + " readings counted once");
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
                 Statement query = db.createStatement();
                 ResultSet letters = query.executeQuery("SELECT COUNT(DISTINCT raw) FROM dead_letter")) {
                assertEquals(bad, letters.getLong(1), "every refused line dead-lettered, none lost to a kill (a line after"
                        + " the last logged reading is refused again after a restart, so some may be there twice)");
            }
        } finally {
            gateway.destroy();
        }
    }

    /** Writes {@code readings} door readings over {@link #BUSES} buses elsewhere and moves the file in. */
    private void drop(Path incoming, String name, int readings) throws IOException {
        Path staged = work.resolve(name);
        try (BufferedWriter out = Files.newBufferedWriter(staged)) {
            for (int i = 0; i < readings; i++, written++) {
                if (written % BAD_EVERY == BAD_EVERY - 1) {
                    out.write("bad line " + written + "\n");
                    bad++;
                    continue;
                }
                String bus = "bus-" + (written % BUSES);
                expected.merge(bus, 1L, Long::sum);
                out.write("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0}\n");
            }
        }
        Files.move(staged, incoming.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Until the gateway has counted some readings of the file just dropped, but not all. */
    private void awaitSomeTaken(GatewayProcess gateway, StatusClient status) throws Exception {
        long total = expected.values().stream().mapToLong(Long::longValue).sum();
        long before = counted(status);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            long now = counted(status);
            if (now > before + 10_000) {
                assertTrue(now < total, "the file was read whole before the stop: lower max-rate (" + now + ")");
                return;
            }
            if (!gateway.alive() || System.nanoTime() > deadline) {
                fail("no readings of the new file taken: " + now + "\n" + gateway.excerpt(l -> l.contains("WARN")));
            }
            gateway.waitFor(100);
        }
    }

    private static long counted(StatusClient status) {
        try {
            return ApplianceChecks.occupancyOf(status.fetch()).values().stream().mapToLong(Long::longValue).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
