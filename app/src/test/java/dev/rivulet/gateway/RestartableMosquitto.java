package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto process of the test's own, with persistence on, that the test can stop with SIGTERM and start
 * again on the same port and the same persistence file, as {@code systemctl restart mosquitto} would.
 * Skipped where Debian's mosquitto is not installed, except under {@code CI=true}, where that is a failure.
 */
final class RestartableMosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private RestartableMosquitto(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // max_queued_messages: the default of 1000 silently drops QoS 1 messages queued for a session.
        // user: started as root, mosquitto would switch to user "mosquitto", who cannot write the test's directory.
        // autosave_interval 0: the session is saved only at shutdown, as on a Pi that avoids SD-card writes.
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir + "/",
                "autosave_interval 0",
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                "max_inflight_messages 100",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "log_type error", "log_type warning", "log_type notice", ""));
    }

    /** Starts a broker keeping its files in {@code dir}; skips the test where mosquitto is missing (fails under CI). */
    static RestartableMosquitto start(Path dir) throws IOException, InterruptedException {
        boolean installed = Files.isExecutable(BINARY) && Files.isExecutable(Path.of("/usr/bin/mosquitto_pub"));
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI=true but " + BINARY + " or mosquitto_pub is missing: install mosquitto and mosquitto-clients");
        }
        assumeTrue(installed, BINARY + " or mosquitto_pub is missing: apt-get install mosquitto mosquitto-clients");
        RestartableMosquitto broker = new RestartableMosquitto(dir);
        broker.start();
        return broker;
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** SIGTERM, wait for the broker to save its sessions and exit, start it again. */
    void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    private void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("mosquitto did not start on port " + port + ": " + log(), e);
                }
                process.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "mosquitto did not exit within 20 s of SIGTERM");
    }

    /**
     * Publishes {@code lines} at QoS 1 with {@code mosquitto_pub -l}, one message a line, and waits until it
     * exits (it waits for every PUBACK first). Keep it to a few hundred lines: past 65,535 it stops early.
     */
    void publishLines(String topic, List<String> lines) throws IOException, InterruptedException {
        Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                "-q", "1", "-t", topic, "-l").redirectErrorStream(true).start();
        try (OutputStream in = pub.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(pub.waitFor(60, TimeUnit.SECONDS), "mosquitto_pub did not finish within 60 s");
        String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pub.exitValue(), "mosquitto_pub failed: " + output);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("stdout")) + Files.readString(dir.resolve("mosquitto.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
