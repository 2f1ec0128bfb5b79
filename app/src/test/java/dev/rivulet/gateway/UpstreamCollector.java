package dev.rivulet.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The fleet's side of the central broker: a QoS 1 subscriber with a persistent session and a stable client id,
 * as a central consumer runs. It reconnects by itself after the broker restarts and the broker keeps what
 * arrived meanwhile, so it sees every message the gateway's outbox delivered, in arrival order.
 *
 * <p>MQTT 3.1.1 on purpose: a broker stopped before it had our PUBACK sends the message again with the DUP flag,
 * and Paho's MQTT 5 client does not pass that flag on, so those copies would look like the gateway's own
 * repeats. Connects, losses and reconnects go to {@code log}, to tell a collector that missed messages from a
 * gateway that did not send them.
 */
final class UpstreamCollector implements MqttCallbackExtended, AutoCloseable {

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
    private final Path log;
    private final List<Message> received = new ArrayList<>();

    /** Connects to {@code url} as {@code clientId} and subscribes to {@code filter} at QoS 1; notes events in {@code log}. */
    UpstreamCollector(String url, String clientId, String filter, Path log) throws MqttException {
        this.log = log;
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(2_000);
        client.connect(options);
        // Once: the broker keeps the subscription with the session, across its restarts.
        client.subscribe(filter, 1);
    }

    /** What arrived so far, in order. */
    synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** Connected now (Paho reconnects by itself after a loss). */
    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        synchronized (this) {
            received.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.isDuplicate()));
        }
        if (message.isDuplicate()) {
            note("redelivered by the broker (DUP): " + topic);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        note((reconnect ? "reconnected" : "connected") + " to " + serverUri + "; " + received().size() + " messages so far");
    }

    @Override
    public void connectionLost(Throwable cause) {
        note("connection lost: " + cause);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    /** Appends a timestamped line to the collector's log. */
    void note(String line) {
        try {
            Files.writeString(log, LocalTime.now() + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close(true);
    }
}
