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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar leaves nothing behind that would pile up on a gateway's SD card: a demo deletes its state when
 * it ends, and SQLite's native library is unpacked once into the state directory and loaded from there, so a
 * killed run leaves no copy of it (sqlite-jdbc's own unpacking wrote one per process into
 * {@code org.sqlite.tmpdir}, which the unit points at /var/lib/rivulet; a copy left so is removed at start).
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

    /**
     * A demo killed with SIGKILL cannot delete its state (its SQLite file and its copy of SQLite's native library,
     * 1.3 MB); the next demo removes what demos no longer running left, and nothing of a demo still running.
     */
    @Test
    void theNextDemoRemovesWhatAKilledDemoLeft() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path log = dir.resolve("killed-demo.log");
        Process killed = new ProcessBuilder(java(), "-Xmx64m", "-Djava.io.tmpdir=" + tmp, "-jar", JAR.toString(), "demo",
                "--seconds", "60", "--port", "0").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path left = tmp.resolve("rivulet-demo-" + killed.pid() + "-0");
        killOnceRunning(killed, log, "the demo");
        assertTrue(Files.isRegularFile(left.resolve("rivulet.db")), "the killed demo left its state: " + left);
        Path running = Files.createDirectory(tmp.resolve("rivulet-demo-" + ProcessHandle.current().pid() + "-0"));

        HostTools.Result next = HostTools.run(dir, List.of(java(), "-Xmx64m", "-Djava.io.tmpdir=" + tmp, "-jar",
                JAR.toString(), "demo", "--seconds", "3", "--port", "0"));
        assertEquals(0, next.exitCode(), next.output());
        assertEquals(List.of(running.getFileName().toString()), names(tmp, "rivulet-demo-"),
                "the killed demo's directory is gone, a running one's is kept");
        assertTrue(next.output().contains("removed " + left + ", left by a demo that is no longer running"),
                next.output());
    }

    /** A demo refused for a wrong option makes no directory either (it used to leave an empty one per try). */
    @Test
    void aDemoRefusedForAWrongOptionLeavesNoDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        for (List<String> options : List.of(List.of("--port", "99999"), List.of("--seconds", "0"))) {
            List<String> command = new ArrayList<>(List.of(java(), "-Xmx64m", "-Djava.io.tmpdir=" + tmp,
                    "-jar", JAR.toString(), "demo"));
            command.addAll(options);
            HostTools.Result demo = HostTools.run(dir, command);
            assertEquals(2, demo.exitCode(), demo.output());
            assertEquals(List.of(), names(tmp, "rivulet-demo-"), "a refused demo left a directory: " + options);
        }
    }

    @Test
    void sqlitesNativeLibraryIsUnpackedOnceAndKilledRunsLeaveNoCopies() throws Exception {
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
        // What sqlite-jdbc's own unpacking left after a power cut, before Rivulet kept one copy: it goes.
        String earlier = "sqlite-3.54.1.0-02480a3c-4084-4af5-bb14-6d17f4590a72-libsqlitejdbc.so";
        for (String name : List.of(earlier, earlier + ".lck")) {
            Files.write(natives.resolve(name), new byte[] {1});
            Files.setLastModifiedTime(natives.resolve(name), FileTime.from(Instant.now().minusSeconds(3600)));
        }

        killAfterStart(config, natives);
        assertEquals(List.of(), names(natives, "sqlite-"), "no copy per process, and the earlier one is gone");
        Path copy;
        try (Stream<Path> found = Files.find(natives.resolve("native"), 2,
                (path, attributes) -> path.getFileName().toString().equals("libsqlitejdbc.so"))) {
            List<Path> copies = found.toList();
            assertEquals(1, copies.size(), "one copy of the library in the state directory: " + copies);
            copy = copies.get(0);
        }
        FileTime unpacked = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy, unpacked);

        killAfterStart(config, natives);
        assertEquals(unpacked, Files.getLastModifiedTime(copy), "the second start loaded the same copy, not a new one");
        assertEquals(List.of(), names(natives, "sqlite-"));
        String log = Files.readString(dir.resolve("gateway.log"), StandardCharsets.UTF_8);
        assertTrue(!log.contains("unpacked SQLite's native library"), log);
    }

    private void killAfterStart(Path config, Path natives) throws Exception {
        Path log = dir.resolve("gateway.log");
        Process gateway = new ProcessBuilder(java(), "-Xmx64m", "-Dorg.sqlite.tmpdir=" + natives, "-jar", JAR.toString(),
                "run", "--config", config.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        killOnceRunning(gateway, log, "the gateway");
    }

    /** SIGKILL to {@code process} once its {@code log} says it is running; fails when it does not start in a minute. */
    private static void killOnceRunning(Process process, Path log, String what) throws Exception {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains("running")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    fail(what + " did not start:\n" + Files.readString(log, StandardCharsets.UTF_8));
                }
                process.waitFor(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
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
