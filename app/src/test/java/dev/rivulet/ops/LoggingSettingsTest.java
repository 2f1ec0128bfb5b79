package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoggingSettingsTest {

    @Test
    void levelsAreCheckedWithTheKeyAndTheFix() {
        IllegalArgumentException global = assertThrows(IllegalArgumentException.class,
                () -> LoggingSettings.defaults().withLevel("verbose"));
        assertEquals("logging.level: 'verbose' is not a log level; use one of trace, debug, info, warn, error, off",
                global.getMessage());
        IllegalArgumentException perPackage = assertThrows(IllegalArgumentException.class,
                () -> LoggingSettings.defaults().withPackageLevel("org.eclipse.paho", "fine"));
        assertEquals("logging.packages.org.eclipse.paho: 'fine' is not a log level; use one of trace, debug, "
                + "info, warn, error, off", perPackage.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new LoggingSettings("info", Map.of(), null, 10, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new LoggingSettings("info", Map.of(), null, 1 << 20, -1));
    }

    @Test
    void levelsAreNormalisedToLowerCase() {
        assertEquals("warn", LoggingSettings.defaults().withLevel(" WARN ").level());
    }

    @Test
    void consoleAlwaysFileOnlyWhenSet() {
        Map<String, String> consoleOnly = Logging.properties(LoggingSettings.defaults()
                .withPackageLevel("com.pi4j", "warn"));
        assertEquals("info", consoleOnly.get("level"));
        assertEquals("warn", consoleOnly.get("level@com.pi4j"));
        assertEquals("console", consoleOnly.get("writer1"));
        assertEquals("err", consoleOnly.get("writer1.stream"));
        assertEquals(null, consoleOnly.get("writer2"));

        Path file = Path.of("/var/lib/rivulet/rivulet.log");
        Map<String, String> withFile = Logging.properties(LoggingSettings.defaults().withFile(file));
        assertEquals("rolling file", withFile.get("writer2"));
        assertEquals("/var/lib/rivulet/rivulet.log", withFile.get("writer2.latest"));
        assertEquals("/var/lib/rivulet/rivulet.log.{count}", withFile.get("writer2.file"));
        assertEquals("size: " + LoggingSettings.DEFAULT_FILE_MAX_BYTES, withFile.get("writer2.policies"));
        assertEquals("3", withFile.get("writer2.backups"));
    }
}
