package dev.rivulet.sensors.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A mosquitto process of the benchmark's own on a free loopback port, configured not to drop QoS 1 messages. */
final class LocalMosquitto implements AutoCloseable {
    private final Process process;
    private final Path dir;
    final String uri;

    LocalMosquitto() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("rivulet-bench-mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        // max_queued_messages: the default 1000 silently drops QoS 1 messages queued for a slow or offline
        // subscriber. queue_qos0_messages: lets the QoS 0 run pre-load an offline session too.
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "max_queued_messages 10000000",
                "max_queued_bytes 0",
                "queue_qos0_messages true",
                "max_inflight_messages 1000",
                "log_dest none", ""));
        String binary = Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
        process = new ProcessBuilder(binary, "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        uri = "tcp://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("mosquitto did not start: " + Files.readString(dir.resolve("log")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
