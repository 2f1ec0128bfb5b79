package dev.rivulet.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long ago this process started, for the start-up figures the gateway logs. On Linux from /proc (the
 * process's start in clock ticks since boot, against the time since boot), which is two small file reads;
 * {@code RuntimeMXBean.getUptime()} would load java.management and its platform beans (about 90 classes and
 * tens of milliseconds) during the very start-up it measures.
 */
public final class ProcessUptime {

    /** /proc reports times in USER_HZ, 100 per second on every Linux architecture. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcessUptime() {
    }

    /** Milliseconds since this process started. */
    public static long millis() {
        try {
            return millis(Files.readString(Path.of("/proc/self/stat")), Files.readString(Path.of("/proc/uptime")));
        } catch (IOException | RuntimeException e) {
            return ManagementFactory.getRuntimeMXBean().getUptime();   // not Linux
        }
    }

    /**
     * From the text of /proc/self/stat (proc(5): field 22, starttime, in ticks since boot; the command name in
     * field 2 may hold spaces and parentheses, so fields are counted after its last ')') and of /proc/uptime.
     */
    static long millis(String stat, String uptime) {
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long startTicks = Long.parseLong(afterName[22 - 3]);
        long sinceBoot = Math.round(Double.parseDouble(uptime.trim().split("\\s+")[0]) * 1000);
        return sinceBoot - startTicks * 1000 / TICKS_PER_SECOND;
    }
}
