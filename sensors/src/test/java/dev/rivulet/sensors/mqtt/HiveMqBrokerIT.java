package dev.rivulet.sensors.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.Conditions;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.NumberDecoder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MQTT contract against HiveMQ CE embedded (MQTT 5 and 3.1.1), started once for the class, with its
 * defaults: a server receive maximum of 10 (so the publisher meets Paho's "too many publishes in progress"), and
 * new QoS 1 messages held back from an online subscriber until it acknowledges the ones it has.
 */
class HiveMqBrokerIT extends MqttBrokerContract {
    private static EmbeddedHiveMQ broker;
    private static Path home;
    private static int port;
    private static int tlsPort;
    private static Path caFile;

    @BeforeAll
    static void startBroker() throws Exception {
        home = Files.createTempDirectory("rivulet-hivemq");
        try (ServerSocket s = new ServerSocket(0); ServerSocket t = new ServerSocket(0)) {
            port = s.getLocalPort();
            tlsPort = t.getLocalPort();
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path keystore = home.resolve("broker.p12");
        caFile = home.resolve("broker.pem");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", caFile.toString());
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners>
                    <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                    <tls-tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address>
                      <tls><keystore><path>%s</path><password>changeit</password><private-key-password>changeit</private-key-password></keystore></tls>
                    </tls-tcp-listener>
                  </listeners>
                  <persistence><mode>in-memory</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, tlsPort, keystore));
        broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(home.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .build();
        broker.start().join();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void connectsOverTlsTrustingTheBrokersCertificate(MqttVersion version) throws Exception {
        CollectingSink sink = new CollectingSink();
        MqttSettings tls = new MqttSettings("ssl://127.0.0.1:" + tlsPort, "tls-" + version + "-" + System.nanoTime())
                .version(version).tls(TlsSettings.trusting(certificates(caFile))).topics(List.of(topic("tls/+")));
        try (MqttSource source = new MqttSource("tls", tls, new NumberDecoder("tls", "value", topic("tls/+"), DecodeLimits.DEFAULT))) {
            source.start(sink, sink);
            Conditions.await(source::isConnected, WAIT, () -> "connected over TLS");
            MqttPublisher publisher = publisher(version);
            publishAll(publisher, topic("tls/a"), List.of("1.5"));
            assertEquals(1.5, takeAcknowledging(sink, 1).get(0).value("value"));
        }
    }

    @Test
    void refusesABrokerWhoseCertificateItDoesNotTrust() throws Exception {
        Path stranger = home.resolve("stranger.p12");
        Path strangerPem = home.resolve("stranger.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-dname", "CN=stranger", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", stranger.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "s", "-keystore", stranger.toString(), "-storepass", "changeit",
                "-file", strangerPem.toString());
        try (MqttSource source = new MqttSource("tls", new MqttSettings("ssl://127.0.0.1:" + tlsPort, "distrust-" + System.nanoTime())
                .tls(TlsSettings.trusting(certificates(strangerPem))).topics(List.of("x")), new NumberDecoder("x", "v", null, DecodeLimits.DEFAULT))) {
            CollectingSink sink = new CollectingSink();
            source.start(sink, sink);
            assertFalse(source.isConnected());
            assertTrue(source.problem().contains("UNKNOWN_CA"), source.problem());
        }
    }

    private static List<java.security.cert.X509Certificate> certificates(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(java.security.cert.X509Certificate.class::cast).toList();
        }
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
