package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The shipped jar's demo with the systemd unit's own JVM flags (the server VM, no class archive), as
 * docs/BENCHMARKS.md measures it: it stays within the memory it was measured at ("Where each target stands":
 * 52.7 – 53.4 MiB), with room for a Java update's drift, and the JVM gives the memory glibc's malloc keeps back
 * every second ({@code -XX:TrimNativeHeapInterval}, "Memory glibc kept, and no SecureRandom"). A change that needs
 * more memory (a library loaded at start, a larger heap, another thread pool) fails here, and moves the ceiling only
 * with its figures in BENCHMARKS.
 */
class UnitFootprintIT {

    /** The demo's peak resident set with the unit's flags, in kB: measured 53,970 – 54,668 kB; 56 MiB allowed. */
    static final long CEILING_KB = 56 * 1024;

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Path UNIT = HostTools.repositoryRoot().resolve("systemd/rivulet.service");
    private static final Pattern TRIM = Pattern.compile("(?m)\\[trimnative\\] Periodic Trim \\(\\d+\\): \\d+K->\\d+K");

    @TempDir
    Path work;

    @Test
    void theDemoWithTheUnitsFlagsStaysWithinWhatWasMeasuredAndTrimsEverySecond() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
        List<String> command = new ArrayList<>(List.of(HostTools.java()));
        command.addAll(GatewayProcess.unitJvmOptions(UNIT, work));
        Path classes = work.resolve("classes.log");
        command.addAll(List.of("-Xlog:trimnative", "-Xlog:class+load:file=" + classes, "-jar", JAR.toString(), "demo", "--seconds", "6", "--port", "0"));
        Path out = work.resolve("demo.out");
        Process demo = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        long peakKb = 0;
        while (!demo.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, HostTools.vmHwmKb(demo.pid()));
        }
        String output = Files.readString(out);
        assertEquals(0, demo.exitValue(), output);
        assertTrue(output.contains("open alerts: bus-"), "the demo raised alerts: " + output);
        assertTrue(output.contains("Periodic native trim enabled (interval: 1000 ms)"), output);
        assertTrue(TRIM.matcher(output).results().count() >= 4, "a trim a second over the demo's 6 s: " + output);
        assertTrue(peakKb > 0, "VmHWM was read while the demo ran");
        // Nothing reads or writes a date through SQLite: its date format, 1 MiB, is never made (storage/README.md).
        String loaded = Files.readString(classes);
        assertTrue(loaded.contains(" org.sqlite.SQLiteConnectionConfig "), "class log written");
        assertFalse(loaded.contains(" org.sqlite.date.FastDateFormat "),
                "sqlite-jdbc's date format was made in a demo that stores no date");
        // A record's equals, hashCode or toString called on the way (a record as a hash key, say) sets up the JDK's
        // method handles for records: 0.4 MiB resident in the demo, as the label limit's first version showed.
        assertFalse(loaded.contains(" java.lang.runtime.ObjectMethods "),
                "a record's equals, hashCode or toString ran in the demo: use strings or a class of our own as keys");
        assertTrue(peakKb <= CEILING_KB, "the demo with the unit's flags peaked at " + peakKb + " kB resident, over "
                + CEILING_KB + " kB: find what grew (docs/BENCHMARKS.md, \"Memory of the demo, per change\")");
    }
}
