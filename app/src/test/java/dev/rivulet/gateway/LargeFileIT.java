package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.BufferedWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory source's file of 29 MB (a million door readings, within the source's 64 MiB file limit) into the
 * shipped jar with the unit's JVM flags and the sample's {@code max-rate}. The source read each file whole, made a
 * string and a list of every line and decoded them all before handing any over: from 300,000 readings (8.6 MB) on,
 * the gateway ended with {@code OutOfMemoryError} within two seconds, and on the restart the file, present at start,
 * was skipped, so its readings were never taken. Read a few lines at a time, a file of 700,000 still did: read as
 * fast as the engine took its readings, it put a few hundred thousand into each batch, and a batch's readings are
 * held until it is computed. Now a source takes at most {@code max-rate} readings a second (60,000 by default, as
 * Spark's {@code spark.streaming.receiver.maxRate}): every reading is counted once and the gateway stays up.
 */
class LargeFileIT {

    /** The shipped jar, or another build: {@code -Drivulet.largefile.jar=PATH} (the jar before this test fails). */
    private static final Path JAR = Path.of(System.getProperty("rivulet.largefile.jar",
            HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
    private static final int READINGS = 1_000_000;
    private static final int BUSES = 40;

    @TempDir
    Path work;

    @Test
    void aMillionReadingsInOneFileAreAllTakenWithinTheUnitsHeap() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Path state = work.resolve("state");
        int statusPort = GatewayProcess.freePort();
        Path config = Files.writeString(work.resolve("rivulet.yaml"), """
                gateway: {id: large-file}
                batch: {interval: 1s}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                sources:
                  files:
                    type: directory
                    path: '%s'
                    decoder: {format: json, key: bus, fields: [in, out]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: files, capacity: 100000}
                """.formatted(state, statusPort, incoming));
        GatewayProcess gateway = GatewayProcess.withUnitFlags(JAR, config, Path.of("target", "large-file-gateway.log"), state);
        StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
        try {
            gateway.start("with the unit's JVM flags");
            gateway.awaitReady(status);

            Path staged = work.resolve("readings.json");
            Map<String, Long> expected = new TreeMap<>();
            try (BufferedWriter out = Files.newBufferedWriter(staged)) {
                for (int i = 0; i < READINGS; i++) {
                    String bus = "bus-" + (i % BUSES);
                    expected.merge(bus, 1L, Long::sum);
                    out.write("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0}\n");
                }
            }
            assertTrue(Files.size(staged) > 28_000_000, "a file of " + Files.size(staged) + " bytes");
            Files.move(staged, incoming.resolve("day.json"), StandardCopyOption.ATOMIC_MOVE);

            // every reading within 2 minutes (at most 60,000 a second)
            Map<String, Long> occupancy = gateway.awaitOccupancy(status, expected, 120);
            assertTrue(gateway.terminate("SIGTERM"), "stopped on SIGTERM");
            Predicate<String> notable = line -> !line.startsWith("----")
                    && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
            assertTrue(gateway.lines().stream().noneMatch(notable), gateway.excerpt(notable));
            assertEquals(expected, occupancy, "each of the million readings counted once");
        } finally {
            gateway.destroy();
        }
    }
}
