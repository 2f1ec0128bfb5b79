package dev.rivulet.ops;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar and secrets: no error prints a password, a password written in a configuration others may read
 * is warned about, and what the gateway writes is its own even when started under {@code umask 000}.
 */
class SecretsAndPermissionsIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final String SECRET = "Hunter3-SECRET";

    @TempDir
    Path dir;

    /** A configuration a user writes: the simulator, a broker for later with its password written inline. */
    private String config(String brokerLines) {
        return """
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}
                logging: {file: '%s'}
                sources:
                  fleet: {type: simulator, buses: 4, speed: 600}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                brokers:
                  central:
                    url: tcp://127.0.0.1:1883
                    username: depot
                %s""".formatted(dir.resolve("state"), dir.resolve("rivulet.log"), brokerLines);
    }

    private Path write(String yaml, String mode) throws IOException {
        Path file = Files.writeString(dir.resolve("rivulet.yaml"), yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /** The jar in a child JVM through {@code sh -c}, so that the test sets the umask a user's shell would have. */
    private Process start(String umask, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("umask " + umask + "; touch '" + dir.resolve("umask-control")
                + "'; exec \"$0\" -Xmx64m -jar \"$@\"", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                JAR.toString()));
        command.addAll(List.of(args));
        command.add(0, "-c");
        command.add(0, "sh");
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile()).redirectInput(new File("/dev/null")).start();
    }

    private int finish(Process process) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after 60 s");
        }
        return process.exitValue();
    }

    private String read(String name) throws IOException {
        Path file = dir.resolve(name);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Every file the runs left in the folder but the configuration itself: stdout, stderr, the log, the state. */
    private void noFileHoldsTheSecret() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals("rivulet.yaml")).toList()) {
                String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains("Hunter3"), file + " holds the password:\n" + text);
            }
        }
    }

    @Test
    void aDuplicatePasswordKeyFailsWithoutPrintingThePassword() throws Exception {
        Path file = write(config("    password: " + SECRET + "\n    password: " + SECRET + "\n"), "rw-------");

        assertEquals(1, finish(start("022", "check-config", file.toString())), read("stderr"));
        String checked = read("stdout") + read("stderr");
        assertTrue(checked.contains("found duplicate key password at line 15"), checked);
        assertTrue(checked.contains("password: ******"), checked);
        noFileHoldsTheSecret();

        assertEquals(1, finish(start("022", "run", "--config", file.toString())), read("stderr"));
        String ran = read("stdout") + read("stderr");
        assertTrue(ran.contains("found duplicate key password"), ran);
        noFileHoldsTheSecret();
    }

    @Test
    void anInlinePasswordInAFileEveryoneReadsIsWarnedAboutAtStartAndByCheckConfig() throws Exception {
        Path file = write(config("    password: " + SECRET + "\n"), "rw-r--r--");
        String warning = file + ": password (line 14) written in the file itself, which is readable by every user"
                + " (mode 0644): run chmod 600 " + file;

        assertEquals(0, finish(start("022", "check-config", file.toString())), read("stderr"));
        assertTrue(read("stderr").contains("warning: " + warning), read("stderr"));

        Process gateway = start("022", "run", "--config", file.toString());
        try {
            await("the gateway's first batch", () -> uncheckedRead("rivulet.log").contains("the first batch"));
            String log = read("rivulet.log");
            assertTrue(log.lines().anyMatch(line -> line.contains("WARN") && line.contains(warning)), log);
        } finally {
            gateway.destroy();
            finish(gateway);
        }
        noFileHoldsTheSecret();

        write(config("    password: " + SECRET + "\n"), "rw-------");
        assertEquals(0, finish(start("022", "check-config", file.toString())), read("stderr"));
        assertFalse(read("stderr").contains("written in the file itself"), read("stderr"));
    }

    @Test
    void underUmask000TheStateDirectoryAndDatabaseFilesAreStillPrivate() throws Exception {
        Path file = write(config(""), "rw-------");
        Path state = dir.resolve("state");
        Path database = state.resolve("rivulet.db");
        Process gateway = start("000", "run", "--config", file.toString());
        try {
            await("the gateway's first batch", () -> uncheckedRead("rivulet.log").contains("the first batch")
                    && Files.exists(Path.of(database + "-wal")) && Files.exists(Path.of(database + "-shm")));
            assertEquals("rw-rw-rw-", mode(dir.resolve("umask-control")), "the child's umask is 000");
            assertEquals("rwx------", mode(state));
            assertEquals("rw-------", mode(database));
            assertEquals("rw-------", mode(Path.of(database + "-wal")));
            assertEquals("rw-------", mode(Path.of(database + "-shm")));
            assertEquals("rw-------", mode(Path.of(database + ".state")), "the state-loss marker beside it");
        } finally {
            gateway.destroy();
            finish(gateway);
        }
    }

    private String uncheckedRead(String name) {
        try {
            return read(name);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
