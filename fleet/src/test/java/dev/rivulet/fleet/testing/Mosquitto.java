package dev.rivulet.fleet.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's mosquitto as the fleet's central broker, in a child process on a free loopback port, with its
 * sessions in {@code directory}. Its queue limits are lifted: the default of 1000 queued messages silently drops
 * QoS 1 messages for a session that is offline, which is exactly what a stopped Connect worker is.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    public Mosquitto(Path directory) throws IOException {
        this(directory, List.of("listener " + KafkaBroker.freePort() + " 127.0.0.1", "allow_anonymous true"));
    }

    /**
     * A broker whose first lines are {@code listeners} (the first {@code listener} line's port is {@link #port}),
     * e.g. a TLS listener with a password file.
     */
    public Mosquitto(Path directory, List<String> listeners) throws IOException {
        Files.createDirectories(directory);
        this.port = Integer.parseInt(listeners.stream().filter(l -> l.startsWith("listener ")).findFirst().orElseThrow()
                .split(" ")[1]);
        this.config = directory.resolve("mosquitto.conf");
        this.log = directory.resolve("mosquitto.log");
        List<String> lines = new ArrayList<>(listeners);
        lines.addAll(List.of(
                "persistence true",
                "persistence_location " + directory + "/",
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                "max_inflight_messages 0",
                "user " + System.getProperty("user.name"),
                "log_dest stdout",
                ""));
        Files.writeString(config, String.join("\n", lines));
        start();
    }

    /**
     * mosquitto in /usr/sbin (where Debian puts it) or on the PATH; without it the test is skipped on a developer's
     * machine and fails in CI ({@code CI=true}), where .ci/run installs it.
     */
    static Path binary() {
        Path sbin = Path.of("/usr/sbin/mosquitto");
        if (Files.isExecutable(sbin)) {
            return sbin;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "mosquitto"))) {
                return Path.of(dir, "mosquitto");
            }
        }
        String why = "mosquitto is not installed (apt-get install mosquitto; .ci/run does in CI)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(why);
        }
        Assumptions.abort(why);
        throw new AssertionError(why);
    }

    public void start() throws IOException {
        process = new ProcessBuilder(binary().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("mosquitto did not start on port " + port + ": see " + log);
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while mosquitto starts", e);
            }
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
