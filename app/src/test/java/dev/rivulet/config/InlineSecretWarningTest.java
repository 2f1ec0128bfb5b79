package dev.rivulet.config;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password written in the configuration itself is only as private as the file: say so when others may read it. */
class InlineSecretWarningTest {

    private static final String MINIMAL = """
            batch: {interval: 10s}
            sources:
              fleet: {type: simulator}
            pipelines:
              occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}
            brokers:
              central:
                url: tcp://127.0.0.1:1883
                username: gw
            """;

    @TempDir
    Path dir;

    private List<String> warnings(String yaml, String mode) throws Exception {
        Path file = dir.resolve("rivulet.yaml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return ConfigLoader.load(file).warnings();
    }

    @Test
    void anInlinePasswordInAFileEveryoneReadsIsWarnedAbout() throws Exception {
        Path file = dir.resolve("rivulet.yaml");
        assertEquals(List.of(file + ": password (line 10) written in the file itself, which is readable by every user"
                        + " (mode 0644): run chmod 600 " + file + " (and chown rivulet " + file + ") so that only the"
                        + " gateway reads it, or move the value to a file named by password-file"),
                warnings(MINIMAL + "    password: Hunter3-SECRET\n", "rw-r--r--"));
    }

    @Test
    void aGroupReadableOneToo() throws Exception {
        List<String> warnings = warnings(MINIMAL + "    password: Hunter3-SECRET\n", "rw-r-----");
        assertEquals(1, warnings.size(), warnings.toString());
        assertFalse(warnings.get(0).contains("Hunter3"), warnings.get(0));
        assertEquals(true, warnings.get(0).contains("readable by its group (mode 0640)"), warnings.get(0));
    }

    @Test
    void noWarningWhenOnlyTheOwnerReadsIt() throws Exception {
        assertEquals(List.of(), warnings(MINIMAL + "    password: Hunter3-SECRET\n", "rw-------"));
    }

    @Test
    void noWarningForAPasswordFileOrACommentedExample() throws Exception {
        Path secret = dir.resolve("central.password");
        Files.writeString(secret, "Hunter3-SECRET\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), warnings(MINIMAL + "    password-file: " + secret + "\n"
                + "    #   password: secret         # or the password in this file\n", "rw-r--r--"));
    }
}
