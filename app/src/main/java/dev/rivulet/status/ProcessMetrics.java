package dev.rivulet.status;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the gateway's own process costs, in the names Prometheus' client libraries use, so the dashboards made
 * for them work unchanged:
 *
 * <pre>
 * process_cpu_seconds_total            counter  user and system CPU time of the whole process
 * process_resident_memory_bytes        gauge    VmRSS from /proc/self/status
 * process_resident_memory_peak_bytes   gauge    VmHWM, the most it has ever been resident (the figure docs/BENCHMARKS.md gives)
 * process_virtual_memory_bytes         gauge    VmSize
 * process_open_fds                     gauge
 * process_max_fds                      gauge    the limit on open file descriptors (LimitNOFILE in the unit)
 * process_start_time_seconds           gauge    since the Unix epoch
 * jvm_memory_used_bytes{area}          gauge    heap and nonheap (metaspace, code cache, …)
 * jvm_memory_committed_bytes{area}     gauge
 * jvm_memory_max_bytes{area}           gauge    -1 when unbounded
 * jvm_gc_collection_seconds{gc}        summary  _count collections and _sum seconds spent in them, per collector
 * rivulet_build_info{version,java_version,java_vendor} gauge 1
 * </pre>
 *
 * Linux's /proc is read where the numbers come from; elsewhere the process_ memory families are left out.
 */
public final class ProcessMetrics {

    private ProcessMetrics() {
    }

    /**
     * The version {@code rivulet.jar}'s manifest gives ({@code Implementation-Version}, written by the build);
     * "development" when run from classes outside the jar, which have no manifest.
     */
    public static String version() {
        String version = ProcessMetrics.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /** Appends every family above to {@code out}. */
    static void write(PrometheusText out) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        long cpuNanos = os instanceof com.sun.management.OperatingSystemMXBean process ? process.getProcessCpuTime() : -1;
        if (cpuNanos >= 0) {
            out.single("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds",
                    cpuNanos / 1e9);
        }
        List<String> status = procStatus();
        memory(out, "process_resident_memory_bytes", "Resident memory size in bytes", status, "VmRSS:");
        memory(out, "process_resident_memory_peak_bytes", "The most resident memory the process has had, in bytes",
                status, "VmHWM:");
        memory(out, "process_virtual_memory_bytes", "Virtual memory size in bytes", status, "VmSize:");
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            out.single("process_open_fds", "gauge", "Number of open file descriptors", fds.count());
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux: no /proc to count in.
        }
        if (os instanceof UnixOperatingSystemMXBean unix) {
            out.single("process_max_fds", "gauge", "Maximum number of open file descriptors", unix.getMaxFileDescriptorCount());
        }
        out.single("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.family("jvm_memory_used_bytes", "gauge", "Used bytes of a given JVM memory area");
        out.sample("jvm_memory_used_bytes", "area", "heap", null, null, heap.getUsed());
        out.sample("jvm_memory_used_bytes", "area", "nonheap", null, null, nonHeap.getUsed());
        out.family("jvm_memory_committed_bytes", "gauge", "Committed (bytes) of a given JVM memory area");
        out.sample("jvm_memory_committed_bytes", "area", "heap", null, null, heap.getCommitted());
        out.sample("jvm_memory_committed_bytes", "area", "nonheap", null, null, nonHeap.getCommitted());
        out.family("jvm_memory_max_bytes", "gauge", "Max (bytes) of a given JVM memory area, -1 when unbounded");
        out.sample("jvm_memory_max_bytes", "area", "heap", null, null, heap.getMax());
        out.sample("jvm_memory_max_bytes", "area", "nonheap", null, null, nonHeap.getMax());

        out.family("jvm_gc_collection_seconds", "summary", "Time spent in a given JVM garbage collector in seconds");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.sample("jvm_gc_collection_seconds_count", "gc", gc.getName(), null, null, Math.max(0, gc.getCollectionCount()));
            out.sample("jvm_gc_collection_seconds_sum", "gc", gc.getName(), null, null, Math.max(0, gc.getCollectionTime()) / 1000.0);
        }

        out.family("rivulet_build_info", "gauge", "The running build: 1, its version and Java in the labels");
        out.labelledSample("rivulet_build_info", List.of("version", version(), "java_version", System.getProperty("java.version"),
                "java_vendor", System.getProperty("java.vendor")), 1);
    }

    private static List<String> procStatus() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** A {@code kB} line of /proc/self/status (e.g. {@code VmRSS:   41236 kB}) in bytes; nothing when absent. */
    private static void memory(PrometheusText out, String name, String help, List<String> status, String field) {
        for (String line : status) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).trim().split("\\s+");
                out.single(name, "gauge", help, Long.parseLong(parts[0]) * 1024);
                return;
            }
        }
    }
}
