package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.PublishCallback;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.ScheduledExecutorPingSender;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.Logger;

import java.util.Arrays;

/** {@link MqttConnection} over Paho's MQTT 3.1.1 client, with in-memory persistence and manual acknowledgements. */
final class PahoV3Connection implements MqttConnection {
    private final MqttSettings settings;
    private final boolean cleanSession;
    private final MqttAsyncClient client;
    /** The client's threads, started without Paho's 100 ms naps; shut down with the client. */
    private final PahoThreads threads;
    /** A subscriber's size limit, applied on the wire (3.1.1 cannot tell the broker); null for a publisher. */
    private final SubscriberStreams streams;

    PahoV3Connection(MqttSettings settings, boolean subscriber) throws MqttConnectionException {
        this.settings = settings;
        this.cleanSession = !(subscriber && settings.persistentSession());
        this.streams = subscriber ? new SubscriberStreams(null, new OversizedPublishes(false, settings.maxPacketBytes())) : null;
        this.threads = new PahoThreads(settings.clientId());
        try {
            String uri = settings.serverUri();
            if (streams != null) {
                SubscriberStreams.register(settings.clientId(), streams);
                uri = SubscriberStreams.uriFor(uri);
            }
            // Never the constructor without persistence: it writes files into the working directory. Pings are
            // scheduled on these threads' timer.
            client = new MqttAsyncClient(uri, settings.clientId(), new MemoryPersistence(),
                    new ScheduledExecutorPingSender(threads), threads);
        } catch (MqttException e) {
            threads.shutdown();
            throw failure("cannot create MQTT client", e);
        }
        client.setManualAcks(true);
    }

    @Override
    public void connect(Listener listener) throws MqttConnectionException {
        if (streams != null) {
            streams.sizes().onRefusedQos0((topic, bytes) -> listener.messageRefused(topic, 0, 0, false, bytes));
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                listener.connectionLost(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                long refused = streams != null && message.getQos() > 0 && message.getPayload().length == 0
                        ? streams.sizes().take(message.getId()) : -1;
                if (refused >= 0) {
                    listener.messageRefused(topic, message.getId(), message.getQos(), message.isDuplicate(), refused);
                } else {
                    listener.messageArrived(topic, message.getPayload(), message.getId(), message.getQos(), message.isDuplicate());
                }
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(cleanSession);
        // Paho v3 allows 10 outgoing publishes in flight unless told otherwise.
        o.setMaxInflight(settings.maxInFlight());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setAutomaticReconnect(false);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().toCharArray());
        }
        if (settings.tls() != null) {
            o.setSocketFactory(settings.tls().socketFactory());
        }
        try {
            client.connect(o).waitForCompletion(settings.connectTimeout().toMillis() + 1000);
        } catch (MqttException e) {
            abandonConnect();
            throw failure("cannot connect to " + settings.serverUri(), e);
        }
    }

    /**
     * A connect that timed out goes on inside Paho, and every later connect then fails with "Connect already in
     * progress": the source never came back after a broker restart. End it, so the next attempt starts clean.
     */
    private void abandonConnect() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            Logger.debug("MQTT client {}: abandoning the connect attempt: {}", settings.clientId(), e.getMessage());
        }
    }

    @Override
    public void subscribe(String[] filters, int qos) throws MqttConnectionException {
        int[] qosList = new int[filters.length];
        Arrays.fill(qosList, qos);
        try {
            IMqttToken token = client.subscribe(filters, qosList);
            token.waitForCompletion(settings.connectTimeout().toMillis());
            int[] granted = token.getGrantedQos();
            for (int i = 0; granted != null && i < granted.length; i++) {
                if (granted[i] == 0x80) {
                    throw new MqttConnectionException("broker refused subscription to '" + filters[i] + "'", 0x80, null);
                }
            }
        } catch (MqttException e) {
            throw failure("cannot subscribe to " + String.join(", ", filters), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback done) throws MqttConnectionException {
        try {
            client.publish(topic, payload, qos, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.completed(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    done.completed(error);
                }
            });
        } catch (MqttException e) {
            throw failure("cannot publish to " + topic, e);
        }
    }

    @Override
    public void acknowledge(int messageId, int qos) throws MqttConnectionException {
        try {
            client.messageArrivedComplete(messageId, qos);
        } catch (MqttException e) {
            throw failure("cannot acknowledge message " + messageId, e);
        }
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(settings.connectTimeout().toMillis());
            }
        } catch (MqttException e) {
            Logger.debug("MQTT client {}: disconnect failed: {}", settings.clientId(), e.getMessage());
        }
        closeClient();
    }

    @Override
    public void kill() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            Logger.debug("MQTT client {}: forced disconnect failed: {}", settings.clientId(), e.getMessage());
        }
        closeClient();
    }

    private void closeClient() {
        if (streams != null) {
            SubscriberStreams.forget(settings.clientId(), streams);
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("MQTT client {}: close failed: {}", settings.clientId(), e.getMessage());
        }
        threads.shutdown();
    }

    private static MqttConnectionException failure(String what, MqttException e) {
        return new MqttConnectionException(MqttConnectionException.describe(what, e.getMessage(), e.getReasonCode(), e),
                e.getReasonCode(), e);
    }
}
