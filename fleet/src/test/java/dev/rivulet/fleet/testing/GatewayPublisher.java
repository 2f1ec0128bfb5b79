package dev.rivulet.fleet.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Publishes as a gateway's outbox does: QoS 1, not retained, each publish waiting for its PUBACK. */
public final class GatewayPublisher implements AutoCloseable {

    private final MqttClient client;

    public GatewayPublisher(String brokerUrl, String clientId) throws MqttException {
        this(brokerUrl, clientId, null, null);
    }

    /** With a user name and password (both null: none). */
    public GatewayPublisher(String brokerUrl, String clientId, String username, String password) throws MqttException {
        client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        client.connect(options);
    }

    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
