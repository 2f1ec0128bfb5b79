package dev.rivulet.storage.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's I/O counters from {@code /proc/self/io} (Linux).
 *
 * @param writeBytes bytes this process caused to be sent to the storage device (counted per 4 KiB page when it
 *                   is dirtied, so a page rewritten after each fsync counts each time: what wears an SD card)
 * @param wchar      bytes passed to write() calls, whether or not they reach the device
 */
record ProcessIo(long writeBytes, long wchar) {

    static ProcessIo now() {
        long writeBytes = -1;
        long wchar = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                String[] parts = line.split(":\\s*");
                if (parts[0].equals("write_bytes")) {
                    writeBytes = Long.parseLong(parts[1].trim());
                } else if (parts[0].equals("wchar")) {
                    wchar = Long.parseLong(parts[1].trim());
                }
            }
        } catch (IOException e) {
            // Not Linux: the figures print as -1.
        }
        return new ProcessIo(writeBytes, wchar);
    }

    ProcessIo since(ProcessIo start) {
        return new ProcessIo(writeBytes - start.writeBytes, wchar - start.wchar);
    }
}
