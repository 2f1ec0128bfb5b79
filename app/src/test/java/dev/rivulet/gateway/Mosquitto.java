package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto in a process of the test's own, on a free loopback port, keeping its sessions and queued
 * messages in a folder of its own ({@code persistence true}): stopped with SIGTERM and started again on the same
 * port and data, it comes back as a broker restarted by systemd does. Its log goes to {@code log}.
 */
final class Mosquitto implements AutoCloseable {

    private final String name;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    /**
     * Starts a broker named {@code name} (for messages) with its configuration and data in {@code directory};
     * {@code extraConfig} lines are added to its configuration (e.g. {@code max_inflight_messages 100}).
     */
    Mosquitto(String name, Path directory, Path log, String... extraConfig) throws IOException {
        this.name = name;
        this.log = log;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(directory);
        config = directory.resolve("mosquitto.conf");
        // max_queued_messages: the default of 1000 silently drops QoS 1 messages queued for a session that is
        // offline or behind (the gateway during a restart). user: as root mosquitto would otherwise switch to
        // the user mosquitto, which cannot write the persistence file in this folder. autosave_interval 0: the
        // sessions are saved only at shutdown, as on a Pi that spares its SD card.
        List<String> lines = new ArrayList<>(List.of(
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + directory + "/",
                "autosave_interval 0",
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                "user " + System.getProperty("user.name"),
                "log_dest stdout",
                "log_timestamp_format %H:%M:%S"));
        lines.addAll(List.of(extraConfig));
        lines.add("");
        Files.writeString(config, String.join("\n", lines));
        start();
    }

    /** mosquitto, in /usr/sbin (often not on a user's PATH) or on the PATH; skips the test when missing, fails it in CI. */
    static Path binary() {
        Path sbin = Path.of("/usr/sbin/mosquitto");
        return Files.isExecutable(sbin) ? sbin : HostTools.require("mosquitto");
    }

    /** Starts the broker and returns once it accepts connections. */
    void start() throws IOException {
        Files.writeString(log, "---- " + name + " broker starting on port " + port + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(binary().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the " + name + " mosquitto did not start on port " + port + ": see " + log);
            }
            waitForExit(50);
        }
    }

    /** Stops the broker with SIGTERM, as systemd does: it saves its sessions and queued messages first. */
    void stop() {
        process.destroy();
        if (!waitForExit(20_000)) {
            process.destroyForcibly();
            throw new IllegalStateException("the " + name + " mosquitto did not stop within 20 s of SIGTERM: see " + log);
        }
    }

    void restart() throws IOException {
        stop();
        start();
    }

    boolean running() {
        return process.isAlive();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Publishes {@code lines} at QoS 1 with {@code mosquitto_pub -l}, one message a line, and waits until it
     * exits (it waits for every PUBACK first). Keep it to a few hundred lines: past 65,535 it stops early.
     */
    void publishLines(String topic, List<String> lines) throws IOException, InterruptedException {
        Process pub = new ProcessBuilder(HostTools.require("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(port), "-q", "1", "-t", topic, "-l").redirectErrorStream(true).start();
        try (OutputStream in = pub.getOutputStream()) {
            in.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(pub.waitFor(60, TimeUnit.SECONDS), "mosquitto_pub did not finish within 60 s");
        String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pub.exitValue(), "mosquitto_pub failed: " + output);
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean waitForExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the " + name + " mosquitto", e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
