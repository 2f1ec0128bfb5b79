package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar leaves nothing behind that would pile up on a gateway's SD card: a demo deletes its state when
 * it ends, and the copy of SQLite's native library that a killed run leaves in {@code org.sqlite.tmpdir} (the
 * unit points it at /var/lib/rivulet) is removed by the next start.
 */
class NothingLeftBehindIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void aDemoDeletesItsStateWhenItEnds() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        HostTools.Result demo = HostTools.run(dir, List.of(java(), "-Xmx64m", "-Djava.io.tmpdir=" + tmp,
                "-Dorg.sqlite.tmpdir=" + tmp, "-jar", JAR.toString(), "demo", "--seconds", "3", "--port", "0"));
        assertEquals(0, demo.exitCode(), demo.output());
        assertEquals(List.of(), names(tmp, "rivulet-demo-"), "the demo's state directory is left behind");
    }

    @Test
    void aKilledRunsCopyOfSqlitesNativeLibraryIsRemovedByTheNextStart() throws Exception {
        Path natives = Files.createDirectories(dir.resolve("state"));
        Path config = dir.resolve("rivulet.yaml");
        Files.writeString(config, """
                gateway: {id: sd-card}
                batch: {interval: 200ms}
                storage: {directory: '%s'}
                status: {port: 0}
                sources:
                  fleet: {type: simulator, buses: 3}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                """.formatted(natives));
        killAfterStart(config, natives);
        List<String> left = names(natives, "sqlite-");
        assertEquals(2, left.size(), "a killed run leaves its copy and lock: " + left);
        // As if the power cut were long ago (a copy younger than a minute may be another process's, unpacking).
        for (String name : left) {
            Files.setLastModifiedTime(natives.resolve(name), FileTime.from(Instant.now().minusSeconds(3600)));
        }
        killAfterStart(config, natives);
        List<String> now = names(natives, "sqlite-");
        assertEquals(2, now.size(), "only the last run's copy and lock are there: " + now);
        assertTrue(now.stream().noneMatch(left::contains), "the earlier copy was removed: " + now);
    }

    private void killAfterStart(Path config, Path natives) throws Exception {
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(java(), "-Xmx64m", "-Dorg.sqlite.tmpdir=" + natives, "-jar", JAR.toString(),
                "run", "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("running")) {
                if (!gateway.isAlive() || System.nanoTime() > deadline) {
                    fail("the gateway did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                gateway.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            gateway.destroyForcibly();
            gateway.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> names(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().toList();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
