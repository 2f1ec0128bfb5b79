package dev.rivulet.ops;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Programs of the machine that some tests drive (chromium, shellcheck, systemd-analyze) and the repository
 * around the {@code app} module. A missing program skips the test on a developer's machine but fails it in
 * CI ({@code CI=true}), where {@code .ci/run} installs them, so a check can never silently stop running.
 */
public final class HostTools {

    private HostTools() {
    }

    /** The program's path on the PATH; skips the test when it is missing, fails it in CI. */
    public static Path require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String why = program + " is not installed (apt-get install it; .ci/run does in CI)";
        if ("true".equals(System.getenv("CI"))) {
            fail(why);
        }
        abort(why);
        throw new AssertionError(why);
    }

    /** The java launcher of the JVM running the tests: the shipped jar runs on the same Java. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The repository's top folder: the first folder upwards from the working directory with .ci/run and app/. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".ci/run")) && Files.isDirectory(dir.resolve("app"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no .ci/run above " + Path.of("").toAbsolutePath());
    }

    /** The peak resident set (VmHWM of /proc/PID/status) of process {@code pid} in kB; 0 once it has gone. */
    public static long vmHwmKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            // the process ended between two looks
        }
        return 0;
    }

    /** What a finished command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Loads {@code url} in Debian's headless chromium, lets the page's timers run for {@code virtualMillis}
     * of virtual time (each fetch still waits for its answer) and returns the live DOM it printed. The flags
     * keep chromium off the network it cannot reach here; {@code profile} holds its user data.
     */
    public static Result chromiumDom(Path profile, String url, int virtualMillis) {
        Path chromium = require("chromium");
        return run(profile, List.of(chromium.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.resolve("profile"),
                "--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
    }

    /** Runs a command to its end, at most two minutes, with no standard input. */
    public static Result run(Path workingDirectory, List<String> command) {
        try {
            Path out = Files.createTempFile("rivulet-cmd", ".out");
            try {
                Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(command + " did not finish within two minutes");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
