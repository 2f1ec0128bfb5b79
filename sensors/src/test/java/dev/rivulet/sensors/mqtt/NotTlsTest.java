package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.sensors.mqtt.ConnectionFailure.Kind;
import dev.rivulet.sensors.mqtt.MqttConnection.MqttConnectionException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An {@code ssl://} URL on a plain MQTT port, through Paho and the JDK's TLS as the gateway connects: the
 * listener does what mosquitto's plain listener does with a ClientHello (reads a malformed packet, resets the
 * connection), and the failure is said as "not TLS", not as a connection that failed for no reason given.
 */
class NotTlsTest {

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void aPlainPortBehindAnSslUrlIsNotTls(MqttVersion version) throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread listener = new Thread(() -> resetEach(plain), "plain-mqtt-listener");
            listener.setDaemon(true);
            listener.start();
            MqttSettings settings = new MqttSettings("ssl://127.0.0.1:" + plain.getLocalPort(), "not-tls-" + version)
                    .version(version).connectTimeout(Duration.ofSeconds(5)).tls(TlsSettings.trusting(List.of()));
            MqttConnection connection = MqttConnections.subscriber(settings);
            try {
                MqttConnectionException failure = assertThrows(MqttConnectionException.class,
                        () -> connection.connect(new MqttConnection.Listener() {
                            @Override
                            public void messageArrived(String topic, byte[] payload, int id, int qos, boolean dup) {
                            }

                            @Override
                            public void messageRefused(String topic, int id, int qos, boolean dup, long bytes) {
                            }

                            @Override
                            public void connectionLost(Throwable cause) {
                            }
                        }));
                assertEquals(Kind.NOT_TLS, ConnectionFailure.of(failure, failure.reasonCode(), false).kind(),
                        () -> chain(failure));
            } finally {
                connection.close();
            }
        }
    }

    /** Reads the first bytes of each connection (a ClientHello) and closes it with bytes unread: a reset. */
    private static void resetEach(ServerSocket plain) {
        while (!plain.isClosed()) {
            try (Socket client = plain.accept()) {
                client.getInputStream().read(new byte[2]);
                client.setSoLinger(true, 0);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static String chain(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
