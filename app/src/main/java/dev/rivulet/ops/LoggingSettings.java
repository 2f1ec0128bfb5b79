package dev.rivulet.ops;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where log lines go and which ones are kept: the console always (journald reads it when Rivulet runs
 * under systemd), optionally a rolling file, a global level and levels per package.
 *
 * @param level         the level for everything without a package level: trace, debug, info, warn, error, off
 * @param packageLevels levels per package or class name prefix, e.g. {@code org.eclipse.paho -> warn}
 * @param file          the rolling log file, or null for the console only
 * @param fileMaxBytes  size at which the file is rolled over
 * @param fileBackups   how many rolled-over files are kept besides the current one
 */
public record LoggingSettings(String level, Map<String, String> packageLevels, Path file, long fileMaxBytes,
                              int fileBackups) {

    /** The levels tinylog knows, lower case. */
    public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    /** Rolled at 10 MB, 3 kept: at most 40 MB of an SD card. */
    public static final long DEFAULT_FILE_MAX_BYTES = 10L * 1024 * 1024;
    /** See {@link #DEFAULT_FILE_MAX_BYTES}. */
    public static final int DEFAULT_FILE_BACKUPS = 3;

    /** Checks every value, so a typo in the configuration fails at start and names the fix. */
    public LoggingSettings {
        level = checkedLevel("logging.level", level);
        Map<String, String> copy = new LinkedHashMap<>();
        Objects.requireNonNull(packageLevels, "packageLevels: use an empty map for none");
        packageLevels.forEach((name, value) -> {
            if (name == null || name.isBlank() || name.contains(" ")) {
                throw new IllegalArgumentException("logging.packages: '" + name
                        + "' is not a package name; use a Java package such as org.eclipse.paho");
            }
            copy.put(name, checkedLevel("logging.packages." + name, value));
        });
        packageLevels = Map.copyOf(copy);
        if (fileMaxBytes < 1024) {
            throw new IllegalArgumentException("logging.file-max-bytes: " + fileMaxBytes
                    + " is too small; use at least 1024 (the default is " + DEFAULT_FILE_MAX_BYTES + ")");
        }
        if (fileBackups < 0) {
            throw new IllegalArgumentException("logging.file-backups: " + fileBackups
                    + " is negative; use 0 to keep only the current file");
        }
    }

    /** Info and above to the console, nothing to a file. */
    public static LoggingSettings defaults() {
        return new LoggingSettings("info", Map.of(), null, DEFAULT_FILE_MAX_BYTES, DEFAULT_FILE_BACKUPS);
    }

    /** The same settings with another global level. */
    public LoggingSettings withLevel(String newLevel) {
        return new LoggingSettings(newLevel, packageLevels, file, fileMaxBytes, fileBackups);
    }

    /** The same settings with one more package level. */
    public LoggingSettings withPackageLevel(String packageName, String packageLevel) {
        Map<String, String> levels = new LinkedHashMap<>(packageLevels);
        levels.put(packageName, packageLevel);
        return new LoggingSettings(level, levels, file, fileMaxBytes, fileBackups);
    }

    /** The same settings also writing to a rolling file. */
    public LoggingSettings withFile(Path newFile) {
        return new LoggingSettings(level, packageLevels, newFile, fileMaxBytes, fileBackups);
    }

    private static String checkedLevel(String key, String value) {
        String lower = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a log level; use one of "
                    + "trace, debug, info, warn, error, off");
        }
        return lower;
    }
}
