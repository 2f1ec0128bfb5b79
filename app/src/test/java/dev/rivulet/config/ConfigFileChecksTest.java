package dev.rivulet.config;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check-config} and {@code run} find in the file system before anything starts ({@link ConfigLoader#load}):
 * the configuration file itself and the directories the gateway will write, each at its key with the fix.
 */
class ConfigFileChecksTest {

    private static final String MINIMAL = """
            batch: {interval: 10s}
            sources:
              fleet: {type: simulator}
            pipelines:
              occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}
            """;

    @TempDir
    Path dir;

    private List<String> problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("rivulet.yaml"), yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aStateDirectoryThatIsAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        assertEquals(List.of("storage.directory: " + file + " is a file, not a directory: give the path of a directory"
                + " (it is created if missing)"), problems(MINIMAL + "storage: {directory: '" + file + "'}\n"));
        Path under = file.resolve("state");
        assertEquals(List.of("storage.directory: " + under + " cannot be created: " + file + " is a file, not a"
                + " directory; give a path under a directory"), problems(MINIMAL + "storage: {directory: '" + under + "'}\n"));
    }

    @Test
    void aLogFileUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        Path log = file.resolve("rivulet.log");
        assertEquals(List.of("logging.file: its directory " + file + " is a file, not a directory: give the path of a"
                        + " directory (it is created if missing)"),
                problems(MINIMAL + "storage: {directory: '" + dir.resolve("state") + "'}\nlogging: {file: '" + log + "'}\n"));
    }

    @Test
    void aStateDirectoryNotWritableIsRefused() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may write anywhere");
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Path state = locked.resolve("state");
        String user = System.getProperty("user.name");
        assertEquals(List.of("storage.directory: " + state + " does not exist and " + locked + " is not writable by "
                + user + " to create it: run mkdir -p " + state + " && chown " + user + " " + state),
                problems(MINIMAL + "storage: {directory: '" + state + "'}\n"));
    }

    @Test
    void aMissingStateDirectoryUnderAWritableOneIsFine() throws Exception {
        Path file = Files.writeString(dir.resolve("rivulet.yaml"), MINIMAL + "storage: {directory: '"
                + dir.resolve("not/yet/there") + "'}\n");
        assertEquals(dir.resolve("not/yet/there"), ConfigLoader.load(file).stateDirectory());
    }

    @Test
    void aBinaryConfigurationFileIsNamedAsNotText() throws Exception {
        Path file = Files.write(dir.resolve("rivulet.yaml"), new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(List.of("(file): is not UTF-8 text (a binary file?): give the YAML configuration file, e.g."
                + " /etc/rivulet/rivulet.yaml, saved as UTF-8"), e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void checkpointsRarerThanTheLogAgeAllowsAreRefused() throws Exception {
        assertEquals(List.of("storage.checkpoint-every: 10000 batches of 10s, with checkpoints-retained 3, keep 83h20m"
                        + " of readings in the receiver log, past its bound of 24h: the gateway would stop taking readings;"
                        + " use 1439 or fewer"),
                problems(MINIMAL + "storage: {directory: '" + dir.resolve("state") + "', checkpoint-every: 10000}\n"));
    }
}
