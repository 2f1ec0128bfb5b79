package dev.rivulet.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The fleet's side of the central broker: a QoS 1 subscriber with a persistent session and a stable client id,
 * as a central consumer runs. It reconnects by itself after the broker restarts and the broker keeps what
 * arrived meanwhile, so it sees every message the gateway's outbox delivered, in arrival order.
 */
final class UpstreamCollector implements MqttCallback, AutoCloseable {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /**
     * One message as it arrived.
     *
     * @param redelivered the broker's DUP flag: it sent this message to us before and got no PUBACK (the broker
     *                    stopped in between). The gateway's own re-sends never carry it: a broker does not pass a
     *                    publisher's DUP flag on to subscribers.
     */
    record Message(String topic, String payload, boolean redelivered) {

        /** The message's {@code id} field, or null when it has none. */
        String id() {
            Matcher matcher = ID.matcher(payload);
            return matcher.find() ? matcher.group(1) : null;
        }
    }

    private final MqttClient client;
    private final List<Message> received = new ArrayList<>();

    /** Connects to {@code url} as {@code clientId} and subscribes to {@code filter} at QoS 1. */
    UpstreamCollector(String url, String clientId, String filter) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(3600L);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        client.connect(options);
        // The array form: Paho 1.2.5's subscribe(String, int, listener) calls itself until the stack overflows.
        IMqttMessageListener listener = this::messageArrived;
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {listener});
    }

    /** What arrived so far, in order. */
    synchronized List<Message> received() {
        return List.copyOf(received);
    }

    @Override
    public synchronized void messageArrived(String topic, MqttMessage message) {
        received.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.isDuplicate()));
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close(true);
    }
}
