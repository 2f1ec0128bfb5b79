package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} reports the process itself under the names Prometheus' client libraries use, in strict text
 * format, with the values the kernel and the JVM give.
 */
class ProcessMetricsTest {

    @Test
    void memoryGcAndBuildAreReportedInStrictPrometheusText() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, ScriptedSource.twoBuses())) {
            Map<String, Double> series = PrometheusParser.parse(Http.get(server.uri().resolve("/metrics")).body());

            double resident = series.get("process_resident_memory_bytes");
            double peak = series.get("process_resident_memory_peak_bytes");
            long kernelPeak = kilobytes("VmHWM:") * 1024;
            // VmHWM is max(the kernel's kept high-water mark, RSS now), and the kept mark is only brought up to date on
            // some unmaps: after RSS fell, a later read may be a little lower than an earlier one (CI saw 84 kB).
            long slack = 4L * 1024 * 1024;
            assertTrue(resident > 0 && resident <= peak && peak <= kernelPeak + slack,
                    resident + " <= " + peak + " <= " + kernelPeak + " (+ " + slack + ")");
            assertTrue(series.get("process_virtual_memory_bytes") >= resident);
            assertTrue(series.get("process_open_fds") > 0);
            assertTrue(series.get("process_max_fds") >= series.get("process_open_fds"), series.toString());
            double cpu = series.get("process_cpu_seconds_total");
            double cpuAfter = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            assertTrue(cpu > 0 && cpu <= cpuAfter, cpu + " s of CPU, then " + cpuAfter);
            assertTrue(series.get("process_start_time_seconds") > 1.7e9);

            assertTrue(series.get("jvm_memory_used_bytes{area=\"heap\"}") > 0, series.toString());
            assertTrue(series.get("jvm_memory_used_bytes{area=\"nonheap\"}") > 0, series.toString());
            assertTrue(series.get("jvm_memory_committed_bytes{area=\"heap\"}") >= series.get("jvm_memory_used_bytes{area=\"heap\"}"));
            assertEquals((double) Runtime.getRuntime().maxMemory(), series.get("jvm_memory_max_bytes{area=\"heap\"}"));

            long collectors = series.keySet().stream().filter(k -> k.startsWith("jvm_gc_collection_seconds_count{gc=")).count();
            assertEquals(java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().size(), collectors, series.toString());
            assertEquals(collectors, series.keySet().stream().filter(k -> k.startsWith("jvm_gc_collection_seconds_sum{gc=")).count());

            String build = "rivulet_build_info{version=\"development\",java_version=\"" + System.getProperty("java.version")
                    + "\",java_vendor=\"" + PrometheusText.escapeLabel(System.getProperty("java.vendor")) + "\"}";
            assertEquals(1.0, series.get(build), "tests run from classes, without the jar's manifest: " + series.keySet());
        }
    }

    private static long kilobytes(String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError(field + " not in /proc/self/status");
    }
}
