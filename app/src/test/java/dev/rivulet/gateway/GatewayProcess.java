package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The shaded jar as the service runs it, {@code java -Xmx64m -jar rivulet.jar run --config FILE} (or with other JVM
 * flags, such as the unit's), in a child JVM:
 * one life after another on the same configuration and state, all writing to one log, with the test's notes
 * ({@code ---- life 3: SIGKILL after 812 ms}) between the lives.
 */
final class GatewayProcess {

    private final Path jar;
    private final Path config;
    private final Path log;
    private final List<String> jvmOptions;
    private Process process;

    GatewayProcess(Path jar, Path config, Path log) throws IOException {
        this(jar, config, log, List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    }

    /** With these JVM flags instead, e.g. the systemd unit's ({@link #unitJvmOptions}). */
    GatewayProcess(Path jar, Path config, Path log, List<String> jvmOptions) throws IOException {
        this.jar = jar;
        this.config = config;
        this.log = log;
        this.jvmOptions = List.copyOf(jvmOptions);
        Files.deleteIfExists(log);
        Files.createFile(log);
    }

    /** Starts a life of the gateway, named {@code life} in the log. */
    void start(String life) throws IOException {
        note("---- " + life + ": starting");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "run", "--config", config.toString()));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /**
     * The jar run as the systemd unit runs it ({@link #unitJvmOptions} of the repository's {@code systemd/rivulet.service},
     * which must hold {@code -Xmx48m} and {@code -XX:+ExitOnOutOfMemoryError}), SQLite's library in {@code state}.
     */
    static GatewayProcess withUnitFlags(Path jar, Path config, Path log, Path state) throws IOException {
        List<String> jvm = unitJvmOptions(HostTools.repositoryRoot().resolve("systemd/rivulet.service"), state);
        if (!jvm.contains("-Xmx48m") || !jvm.contains("-XX:+ExitOnOutOfMemoryError")) {
            fail("the unit's flags changed: " + jvm);
        }
        return new GatewayProcess(jar, config, log, jvm);
    }

    /**
     * The JVM flags the service runs with: {@code RIVULET_JAVA_OPTS} in {@code systemd/rivulet.service}
     * ({@code -Xmx48m -XX:+ExitOnOutOfMemoryError} ...), SQLite's native library unpacked into {@code stateDirectory}
     * instead of {@code /var/lib/rivulet}.
     */
    static List<String> unitJvmOptions(Path unit, Path stateDirectory) throws IOException {
        return jvmOptions(unit, "", stateDirectory);
    }

    /**
     * The flags of the first {@code Environment="RIVULET_JAVA_OPTS=..."} line in {@code file} (the unit, or a drop-in
     * README shows) whose flags start with {@code first}, SQLite's native library unpacked into {@code stateDirectory}.
     */
    static List<String> jvmOptions(Path file, String first, Path stateDirectory) throws IOException {
        String prefix = "Environment=\"RIVULET_JAVA_OPTS=";
        String line = Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix + first)).findFirst()
                .orElseThrow(() -> new IllegalStateException(file + " sets no RIVULET_JAVA_OPTS=" + first + "..."));
        String options = line.substring(prefix.length(), line.length() - 1);
        return Arrays.stream(options.split("\\s+"))
                .map(o -> o.startsWith("-Dorg.sqlite.tmpdir=") ? "-Dorg.sqlite.tmpdir=" + stateDirectory : o).toList();
    }

    /** Waits up to {@code millis} for the gateway to end; true when it has. */
    boolean waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS);
    }

    /** The running life's process id, for /proc/PID. */
    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL: a power cut, as far as the gateway can tell. */
    void kill(String when) throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        note("---- " + when + ": SIGKILL");
    }

    /**
     * SIGTERM, as systemd stops the service, then waits for the end.
     *
     * @return false if the gateway was still running 30 s later (it is then killed)
     */
    boolean terminate(String when) throws IOException, InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly().waitFor();
        }
        note("---- " + when + ": SIGTERM, " + (stopped ? "exit status " + process.exitValue() : "killed 30 s later"));
        return stopped;
    }

    /** Waits until {@code status} says the gateway is ready; fails the test when it exits or takes over 60 s. */
    void awaitReady(StatusClient status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                if (Boolean.TRUE.equals(status.fetch().get("ready"))) {
                    return;
                }
            } catch (IOException e) {
                // starting
            }
            if (!alive()) {
                fail("the gateway exited with status " + exitValue() + "\n" + excerpt(l -> l.contains("ERROR")
                        || l.contains("OutOfMemory")));
            }
            if (System.nanoTime() > deadline) {
                fail("the gateway was not ready within 60 s\n" + excerpt(l -> l.contains("ERROR")));
            }
            waitFor(100);
        }
    }

    /**
     * Waits until every bus's occupancy in {@code status} is {@code expected} (each reading counted once); fails the
     * test when the gateway exits or {@code seconds} pass. Returns the occupancy.
     */
    java.util.Map<String, Long> awaitOccupancy(StatusClient status, java.util.Map<String, Long> expected, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        java.util.Map<String, Long> occupancy = java.util.Map.of();
        while (!occupancy.equals(expected)) {
            if (!alive()) {
                fail("the gateway exited with status " + exitValue() + "\n"
                        + excerpt(l -> l.contains("ERROR") || l.contains("OutOfMemory")));
            }
            if (System.nanoTime() > deadline) {
                fail("not every reading once within " + seconds + " s: " + occupancy + ", expected " + expected);
            }
            waitFor(300);
            try {
                occupancy = ApplianceChecks.occupancyOf(status.fetch());
            } catch (IOException e) {
                // not answering: the next round says whether it has gone
            }
        }
        return occupancy;
    }

    /** Kills whatever is still running, for the end of a test. */
    void destroy() throws InterruptedException {
        if (alive()) {
            process.destroyForcibly().waitFor();
        }
    }

    /** A line of the test's own in the log. */
    void note(String line) throws IOException {
        Files.writeString(log, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Every line the gateway's lives wrote, with the notes. */
    List<String> lines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** For a failure message: the first 15 lines that {@code notable} picks, then the log's last 40 lines. */
    String excerpt(Predicate<String> notable) {
        try {
            List<String> lines = lines();
            return "gateway log " + log.toAbsolutePath() + ", first notable lines:\n    "
                    + String.join("\n    ", lines.stream().filter(notable).limit(15).toList())
                    + "\nits last 40 lines:\n    "
                    + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(the gateway log " + log + " could not be read: " + e.getMessage() + ")";
        }
    }

    /** A TCP port free now, for the gateway's status server. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The body of a GET of {@code url} (the status server's), or "" while it does not answer. */
    static String get(String url) {
        try (java.io.InputStream in = java.net.URI.create(url).toURL().openStream()) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
