package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class data sharing archive install.sh makes (its command: the unit's JVM flags,
 * {@code -XX:ArchiveClassesAtExit}, the demo for 3 s) works for the shipped jar: the gateway's classes then come
 * from the archive, and a missing archive named by {@code -XX:SharedArchiveFile} never stops the jar from running.
 */
class ClassArchiveIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void theArchiveIsMadeFromTheDemoAndUsedAndOptional() throws Exception {
        Path archive = dir.resolve("rivulet.jsa");
        HostTools.Result made = java("-XX:ArchiveClassesAtExit=" + archive, "demo", "--seconds", "3", "--port", "0");
        assertEquals(0, made.exitCode(), made.output());
        assertTrue(Files.size(archive) > 0, made.output());

        HostTools.Result used = java("-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "check-config",
                HostTools.repositoryRoot().resolve("app/src/main/resources/demo.yaml").toString());
        assertEquals(0, used.exitCode(), used.output());
        for (String gatewayClass : List.of("dev.rivulet.cli.Main", "dev.rivulet.configfile.ConfigLoader")) {
            assertTrue(used.output().contains(gatewayClass + " source: shared objects file (top)"),
                    gatewayClass + " from the archive: " + used.output());
        }

        HostTools.Result without = java("-XX:SharedArchiveFile=" + dir.resolve("missing.jsa"), "--version");
        assertEquals(0, without.exitCode(), without.output());
        assertTrue(without.output().contains("rivulet "), without.output());
    }

    private HostTools.Result java(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-XX:+UseSerialGC", "-Dorg.sqlite.tmpdir=" + dir));
        int jarAt = 0;
        while (jarAt < arguments.length && arguments[jarAt].startsWith("-X")) {
            jarAt++;
        }
        command.addAll(List.of(arguments).subList(0, jarAt));
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(arguments).subList(jarAt, arguments.length));
        return HostTools.run(dir, command);
    }
}
