package dev.rivulet.sensors.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The MQTT contract against HiveMQ CE embedded (MQTT 5 and 3.1.1), started once for the class, with its
 * defaults: a server receive maximum of 10 (so the publisher meets Paho's "too many publishes in progress") and
 * ordered topics (one unacknowledged QoS 1 message in flight per topic and subscriber).
 */
class HiveMqBrokerIT extends MqttBrokerContract {
    private static EmbeddedHiveMQ broker;
    private static Path home;
    private static int port;

    @BeforeAll
    static void startBroker() throws Exception {
        home = Files.createTempDirectory("rivulet-hivemq");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
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
        broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        broker.start().join();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        }
    }

    @Override
    String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }
}
