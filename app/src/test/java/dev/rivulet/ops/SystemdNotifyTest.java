package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code systemd-notify} sending to a real Unix datagram socket, as systemd's would be. */
class SystemdNotifyTest {

    /** Binds a datagram socket, says so, then prints each message received on one line. */
    private static final String RECEIVER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "print('bound', flush=True)",
            "s.settimeout(30)",
            "while True:",
            "    print(s.recv(4096).decode().replace('\\n', '|'), flush=True)");

    @Test
    void outsideSystemdNothingRuns(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        Path fake = dir.resolve("fake-notify");
        Files.writeString(fake, "#!/bin/sh\ntouch '" + marker + "'\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        SystemdNotify notify = new SystemdNotify(Map.of("PATH", "/usr/bin"), fake.toString());
        assertFalse(notify.underSystemd());
        assertFalse(notify.send("--ready"));
        assertFalse(Files.exists(marker));
        assertFalse(new SystemdNotify(Map.of("NOTIFY_SOCKET", ""), fake.toString()).send("--ready"));
        assertFalse(Files.exists(marker));
    }

    @Test
    void aMissingCommandIsReportedNotThrown(@TempDir Path dir) {
        SystemdNotify notify = new SystemdNotify(Map.of("NOTIFY_SOCKET", dir.resolve("s").toString()),
                dir.resolve("no-such-command").toString());
        assertTrue(notify.underSystemd());
        assertFalse(notify.send("--ready"));
    }

    @Test
    void readyAndStoppingReachTheSocket(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-notify")), "systemd-notify is not installed");
        assumeTrue(onPath("python3"), "python3 is needed to receive on a Unix datagram socket");
        Path socket = dir.resolve("notify.sock");
        Path script = dir.resolve("receiver.py");
        Files.writeString(script, RECEIVER);
        Process receiver = new ProcessBuilder("python3", script.toString(), socket.toString()).start();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(receiver.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("bound", lines.readLine());
            SystemdNotify notify = new SystemdNotify(Map.of("NOTIFY_SOCKET", socket.toString()),
                    "/usr/bin/systemd-notify");

            assertTrue(notify.send("--ready", "--status=Processing batches"));
            assertEquals("READY=1|STATUS=Processing batches", lines.readLine());
            assertEquals("BARRIER=1", lines.readLine(), "systemd-notify waits for the manager to read it");

            assertTrue(notify.send("--status=Stopping", "STOPPING=1"));
            assertEquals("STATUS=Stopping|STOPPING=1", lines.readLine());
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
