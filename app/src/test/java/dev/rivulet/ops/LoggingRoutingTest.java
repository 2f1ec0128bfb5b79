package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paho's java.util.logging and Pi4J's SLF4J end up in tinylog's file, filtered by the package levels.
 * The logging happens in a child JVM ({@link LoggingProbe}): tinylog's configuration can be set only once
 * per JVM, and this test JVM has logged long before.
 */
class LoggingRoutingTest {

    @Test
    void julAndSlf4jReachTheTinylogFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("rivulet.log");
        Process probe = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                LoggingProbe.class.getName(), log.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("probe.out").toFile())
                .start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String output = Files.readString(dir.resolve("probe.out"));
        assertEquals(0, probe.exitValue(), output);

        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        String text = String.join("\n", lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("DEBUG") && l.contains("org.eclipse.paho")
                && l.contains("probe-client-7")), "Paho's FINE line should arrive as DEBUG:\n" + text);
        assertTrue(lines.stream().anyMatch(l -> l.contains("INFO") && l.contains("com.pi4j.Pi4J")
                && l.contains("New context builder")), "Pi4J's SLF4J info line should arrive:\n" + text);
        assertTrue(lines.stream().anyMatch(l -> l.contains("WARN") && l.contains("slf4j warn line")), text);
        assertTrue(lines.stream().anyMatch(l -> l.contains("WARN") && l.contains("rivulet warn line")),
                text);
        assertFalse(text.contains("slf4j info line"), "the global level is warn:\n" + text);
        assertFalse(text.contains("jul info line"), "the global level is warn:\n" + text);
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("Logging was in use before Logging.configure: level trace"), text);
        // The console writer goes to the child's stderr, which journald reads under systemd.
        assertTrue(output.contains("rivulet warn line"), output);
    }
}
