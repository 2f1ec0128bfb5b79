package dev.rivulet.gateway;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** HiveMQ CE in-process on a free loopback port, for tests: MQTT 5 and 3.1.1, stoppable and restartable. */
final class EmbeddedBroker implements AutoCloseable {

    private final Path home;
    private final int port;
    private EmbeddedHiveMQ broker;

    EmbeddedBroker() throws IOException {
        home = Files.createTempDirectory("rivulet-broker");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners><tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener></listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port));
        start();
    }

    void start() {
        try {
            broker = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(home.resolve("conf"))
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .withoutLoggingBootstrap()
                    .build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        broker.start().join();
    }

    /** Stops the broker: clients lose their connection, as when the uplink goes down. */
    void stop() throws Exception {
        broker.stop().join();
        broker.close();
    }

    int port() {
        return port;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
