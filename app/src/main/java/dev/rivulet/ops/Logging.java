package dev.rivulet.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tinylog.Logger;
import org.tinylog.configuration.Configuration;
import org.tinylog.jul.JulTinylogBridge;

/**
 * Applies {@link LoggingSettings} to tinylog and routes the libraries' logging into it: Pi4J logs through
 * SLF4J, which reaches tinylog through the {@code slf4j-tinylog} binding on the class path; Paho logs
 * through {@code java.util.logging}, which reaches tinylog once {@link #configure} has installed
 * jul-tinylog's handler.
 *
 * <p>tinylog reads its configuration once, at the first log call, and cannot change it afterwards, so
 * {@link #configure} must run first thing in {@code main}. Without it tinylog uses
 * {@code tinylog.properties}: info and above to the console.
 */
public final class Logging {

    /** Console lines carry no date: journald stamps every line, and a terminal does not need it. */
    static final String CONSOLE_FORMAT = "{level|min-size=5} [{thread}] {class-name}: {message}";
    /** A file has no journald around it, so its lines carry their own time. */
    static final String FILE_FORMAT = "{date:yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} [{thread}] {class}: {message}";

    private Logging() {
    }

    /**
     * Sets tinylog up from the settings and sends {@code java.util.logging} to it.
     *
     * @return true when applied; false when something had logged before this call, which froze tinylog's
     *         configuration: the settings are then not applied (a warning says so) but the gateway goes on,
     *         since a logging mistake must not stop it. Call it first thing in {@code main}.
     */
    public static boolean configure(LoggingSettings settings) {
        if (Configuration.isFrozen()) {
            JulTinylogBridge.activate();
            Logger.warn("Logging was in use before Logging.configure: level {}, package levels {} and file {} "
                    + "are not applied; configure logging first thing in main", settings.level(),
                    settings.packageLevels(), settings.file() == null ? "none" : settings.file());
            return false;
        }
        Configuration.replace(properties(settings));
        // After replace: the bridge asks tinylog for its lowest level, which freezes the configuration.
        JulTinylogBridge.activate();
        Logger.debug("Logging at {} (packages {}), file {}", settings.level(), settings.packageLevels(),
                settings.file() == null ? "none" : settings.file());
        return true;
    }

    /** tinylog's properties for the settings; package-private so a test can read them. */
    static Map<String, String> properties(LoggingSettings settings) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("level", settings.level());
        settings.packageLevels().forEach((name, level) -> p.put("level@" + name, level));
        p.put("writer1", "console");
        // stderr keeps log lines out of what the demo and `rivulet status` print on stdout.
        p.put("writer1.stream", "err");
        p.put("writer1.format", CONSOLE_FORMAT);
        if (settings.file() != null) {
            p.put("writer2", "rolling file");
            p.put("writer2.file", settings.file().toAbsolutePath() + ".{count}");
            p.put("writer2.latest", settings.file().toAbsolutePath().toString());
            p.put("writer2.policies", "size: " + settings.fileMaxBytes());
            p.put("writer2.backups", Integer.toString(settings.fileBackups()));
            p.put("writer2.format", FILE_FORMAT);
            p.put("writer2.charset", "UTF-8");
        }
        return p;
    }
}
