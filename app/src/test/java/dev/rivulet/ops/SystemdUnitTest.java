package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code systemd/rivulet.service}: what the service must do, and its hardening as systemd scores it. */
class SystemdUnitTest {

    private static final Path UNIT = HostTools.repositoryRoot().resolve("systemd/rivulet.service");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for rivulet\\.service: ([0-9.]+)");

    @Test
    void exposureIsAtMostThree() {
        Path analyze = HostTools.require("systemd-analyze");
        HostTools.Result result = HostTools.run(UNIT.getParent(),
                List.of(analyze.toString(), "security", "--offline=true", "--no-pager", UNIT.toString()));
        Matcher score = EXPOSURE.matcher(result.output());
        assertTrue(score.find(), "no exposure level in:\n" + result.output());
        double exposure = Double.parseDouble(score.group(1));
        assertTrue(exposure <= 3.0, "exposure " + exposure + " is above 3.0:\n" + result.output());
    }

    @Test
    void theServiceRunsRivuletAsItsOwnUserWithPiFlags() throws Exception {
        List<String> lines = Files.readAllLines(UNIT);
        for (String expected : List.of(
                "Type=notify",
                "NotifyAccess=all",
                "ExecStart=/usr/bin/rivulet run --config /etc/rivulet/rivulet.yaml",
                "ExecStartPre=-+/usr/lib/rivulet/rivulet-class-archive --if-stale",
                "Restart=on-failure",
                "User=rivulet",
                "SupplementaryGroups=gpio",
                "StateDirectory=rivulet",
                "ConfigurationDirectory=rivulet",
                "NoNewPrivileges=yes",
                "ProtectSystem=strict",
                "ProtectHome=yes",
                "PrivateTmp=yes",
                "DevicePolicy=closed",
                "DeviceAllow=char-gpiochip rw",
                "MemoryMax=160M",
                "WantedBy=multi-user.target")) {
            assertTrue(lines.contains(expected), "missing line: " + expected);
        }
        String javaOptions = lines.stream().filter(l -> l.startsWith("Environment=\"RIVULET_JAVA_OPTS="))
                .findFirst().orElseThrow();
        for (String flag : List.of("-Xmx48m", "-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=/var/lib/rivulet")) {
            assertTrue(javaOptions.contains(" " + flag) || javaOptions.contains("=" + flag), flag);
        }
        // systemd resets a directory whose mode differs from the unit's, and says so at every start: the unit
        // states the modes install.sh gives.
        String install = Files.readString(UNIT.getParent().getParent().resolve("install.sh"));
        assertTrue(lines.contains("ConfigurationDirectoryMode=0750") && install.contains("chmod 0750 \"$CONFIG_DIR\""),
                "the unit and install.sh disagree on /etc/rivulet's mode");
        // Nothing but the state directory is writable: no ReadWritePaths widening ProtectSystem=strict.
        assertEquals(0, lines.stream().filter(l -> l.startsWith("ReadWritePaths")).count());
    }
}
