package dev.rivulet.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory the gateway will create files in ({@code storage.directory}, the directory of {@code logging.file}),
 * checked as {@code run} will use it, so that {@code check-config} refuses what {@code run} would fail on. A missing
 * directory is created at start; then its nearest existing ancestor must be a directory this user can write.
 */
public final class WritableDirectory {

    private WritableDirectory() {
    }

    /** What stops the gateway from creating files in {@code directory}, with the fix; null when nothing does. */
    public static String problem(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            return directory + " is a file, not a directory: give the path of a directory (it is created if missing)";
        }
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        if (!Files.isDirectory(existing)) {
            return directory + " cannot be created: " + existing + " is a file, not a directory; give a path under a"
                    + " directory";
        }
        if (!Files.isWritable(existing)) {
            String user = System.getProperty("user.name");
            return existing.equals(absolute)
                    ? directory + " is not writable by " + user + ": run chown " + user + " " + directory
                    : directory + " does not exist and " + existing + " is not writable by " + user + " to create it:"
                    + " run mkdir -p " + directory + " && chown " + user + " " + directory;
        }
        return null;
    }
}
