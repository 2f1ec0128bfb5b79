package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's JVM flags have the JVM give the memory glibc's malloc keeps back to the system every second
 * ({@code -XX:TrimNativeHeapInterval}; docs/BENCHMARKS.md "Memory glibc kept, and no SecureRandom"): the shipped
 * jar's demo, run with those flags and the JVM's own trim log, trims while it runs and ends as usual.
 */
class NativeHeapTrimIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Path UNIT = HostTools.repositoryRoot().resolve("systemd/rivulet.service");
    private static final Pattern TRIM = Pattern.compile("(?m)\\[trimnative\\] Periodic Trim \\(\\d+\\): \\d+K->\\d+K");

    @TempDir
    Path work;

    @Test
    void theUnitsJvmHandsFreedNativeMemoryBackEverySecond() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
        List<String> command = new ArrayList<>(List.of(HostTools.java()));
        command.addAll(GatewayProcess.unitJvmOptions(UNIT, work));
        command.addAll(List.of("-Xlog:trimnative", "-jar", JAR.toString(), "demo", "--seconds", "4", "--port", "0"));
        Path out = work.resolve("demo.out");
        Process demo = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo ended within a minute");
        String output = Files.readString(out);
        assertEquals(0, demo.exitValue(), output);
        assertTrue(output.contains("open alerts: bus-"), "the demo raised alerts: " + output);
        assertTrue(output.contains("Periodic native trim enabled (interval: 1000 ms)"), output);
        assertTrue(TRIM.matcher(output).results().count() >= 3, "a trim a second over the demo's 4 s: " + output);
    }
}
