package dev.rivulet.storage.sqlite;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * sqlite-jdbc unpacks its native library into {@code org.sqlite.tmpdir} (the system temporary folder by
 * default) as {@code sqlite-VERSION-UUID-libsqlitejdbc.so} with a {@code .lck} beside it, and deletes both only
 * when the JVM exits normally. After every power cut or SIGKILL a 1 MB copy stays behind — on a gateway's SD
 * card, for months of power cuts. This removes such copies before the library is loaded, if older than a minute
 * (a copy another process is unpacking right now stays). A copy another running process has loaded is only
 * unlinked: that process keeps its mapping.
 */
final class SqliteNativeLeftovers {

    private static final Pattern COPY = Pattern.compile("sqlite-[0-9.]+-[0-9a-f-]{36}-libsqlitejdbc\\.so(\\.lck)?");

    private SqliteNativeLeftovers() {
    }

    /** The folder sqlite-jdbc unpacks into, as it chooses it. */
    static Path folder() {
        return Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir")));
    }

    /** Deletes the leftover copies in {@code folder} last written before {@code before}; returns how many went. */
    static int remove(Path folder, java.time.Instant before) {
        int removed = 0;
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (COPY.matcher(file.getFileName().toString()).matches()
                        && Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            Logger.warn("Storage: could not remove earlier copies of SQLite's native library from {}: {}", folder,
                    e.getMessage());
        }
        if (removed > 0) {
            Logger.info("Storage: removed {} files of SQLite's native library left in {} by earlier runs that did not"
                    + " exit normally", removed, folder);
        }
        return removed;
    }
}
