package dev.rivulet.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Tells systemd how the service is doing, for {@code Type=notify} units: {@link #ready()} once the first
 * batch has completed, so {@code systemctl start} returns only when the gateway really works, and
 * {@link #stopping()} when shutting down. Outside systemd ({@code NOTIFY_SOCKET} unset) both do nothing.
 *
 * <p>Why a child process: the notification socket is a Unix <em>datagram</em> socket, and Java 17's
 * Unix-domain support covers stream sockets only ({@code DatagramChannel.open(UNIX)} throws
 * {@code UnsupportedOperationException}). So Rivulet runs {@code systemd-notify}, which the unit allows
 * with {@code NotifyAccess=all}; systemd 246 and later make {@code systemd-notify} wait until the manager
 * has read the message, so it is not lost when the short-lived child exits first.
 */
public final class SystemdNotify {

    private static final long TIMEOUT_SECONDS = 10;

    private final Map<String, String> environment;
    private final String command;

    /** Notifies through {@code systemd-notify} on the PATH, using this process's environment. */
    public SystemdNotify() {
        this(System.getenv(), "systemd-notify");
    }

    /** For tests: another environment and another notify command. */
    SystemdNotify(Map<String, String> environment, String command) {
        this.environment = Map.copyOf(environment);
        this.command = command;
    }

    /** {@code READY=1} with a status line; returns whether systemd was told (false outside systemd). */
    public static boolean ready() {
        return new SystemdNotify().send("--ready", "--status=Processing batches");
    }

    /** {@code STOPPING=1}; returns whether systemd was told (false outside systemd). */
    public static boolean stopping() {
        return new SystemdNotify().send("--status=Stopping", "STOPPING=1");
    }

    /** Whether this process runs under a {@code Type=notify} unit. */
    public boolean underSystemd() {
        String socket = environment.get("NOTIFY_SOCKET");
        return socket != null && !socket.isEmpty();
    }

    /**
     * Runs the notify command with these arguments, or nothing outside systemd.
     *
     * @return true when the command ran and succeeded; a failure is logged, never thrown, because a
     *         gateway that processes batches must not stop over a missed notification
     */
    boolean send(String... arguments) {
        if (!underSystemd()) {
            return false;
        }
        List<String> commandLine = new ArrayList<>();
        commandLine.add(command);
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("NOTIFY_SOCKET", environment.get("NOTIFY_SOCKET"));
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                Logger.warn("{} {} did not finish within {} s", command, arguments, TIMEOUT_SECONDS);
                return false;
            }
            if (process.exitValue() != 0) {
                Logger.warn("{} {} exited with {}", command, arguments, process.exitValue());
                return false;
            }
            return true;
        } catch (IOException e) {
            Logger.warn("Could not run {} to notify systemd: {}", command, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
