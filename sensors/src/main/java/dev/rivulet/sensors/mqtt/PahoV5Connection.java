package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.PublishCallback;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.tinylog.Logger;

import java.nio.charset.StandardCharsets;

/** {@link MqttConnection} over Paho's MQTT 5 client, with in-memory persistence and manual acknowledgements. */
final class PahoV5Connection implements MqttConnection {
    private final MqttSettings settings;
    private final boolean cleanStart;
    private final MqttAsyncClient client;
    /** The client's threads, started without Paho's 100 ms naps; shut down with the client. */
    private final PahoThreads threads;
    /** A subscriber's DUP flags (Paho's MQTT 5 messages do not carry them) and size limit, read off the wire; null for a publisher. */
    private final SubscriberStreams streams;

    PahoV5Connection(MqttSettings settings, boolean subscriber) throws MqttConnectionException {
        this.settings = settings;
        this.cleanStart = !(subscriber && settings.persistentSession());
        this.streams = subscriber ? new SubscriberStreams(new PublishDupFlags(),
                new OversizedPublishes(true, settings.maxPacketBytes())) : null;
        this.threads = new PahoThreads(settings.clientId());
        try {
            String uri = settings.serverUri();
            if (streams != null) {
                SubscriberStreams.register(settings.clientId(), streams);
                uri = SubscriberStreams.uriFor(uri);
            }
            // Never the constructor without persistence: it writes files into the working directory. No ping
            // sender: Paho's own then schedules its pings on these threads' timer.
            client = new MqttAsyncClient(uri, settings.clientId(), new MemoryPersistence(), null, threads);
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
            public void disconnected(MqttDisconnectResponse response) {
                listener.connectionLost(response.getException() != null ? response.getException()
                        : new IllegalStateException("disconnected by broker: " + response.getReasonString()
                        + " (reason " + response.getReturnCode() + ")"));
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
                Logger.warn("MQTT client {}: {}", settings.clientId(), e.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                boolean duplicate = message.isDuplicate()
                        || (streams != null && message.getQos() > 0 && streams.dupFlags().duplicate(message.getId()));
                long refused = streams != null && message.getQos() > 0 && message.getPayload().length == 0
                        ? streams.sizes().take(message.getId()) : -1;
                if (refused >= 0) {
                    listener.messageRefused(topic, message.getId(), message.getQos(), duplicate, refused);
                } else {
                    listener.messageArrived(topic, message.getPayload(), message.getId(), message.getQos(), duplicate);
                }
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
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(cleanStart);
        o.setSessionExpiryInterval(cleanStart ? 0L : settings.sessionExpiry().toSeconds());
        o.setReceiveMaximum(settings.receiveMaximum());
        if (streams != null) {
            // The broker must send nothing larger (MQTT 5, 3.1.2.11.4); what comes all the same, the streams refuse.
            o.setMaximumPacketSize(streams.sizes().maxPacketBytes());
        }
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout((int) settings.connectTimeout().toSeconds());
        o.setAutomaticReconnect(false);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
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
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], qos);
        }
        try {
            IMqttToken token = client.subscribe(subs);
            token.waitForCompletion(settings.connectTimeout().toMillis());
            int[] granted = token.getReasonCodes();
            for (int i = 0; granted != null && i < granted.length; i++) {
                if (granted[i] >= 0x80) {
                    throw new MqttConnectionException("broker refused subscription to '" + filters[Math.min(i, filters.length - 1)]
                            + "' (reason " + granted[i] + ")", granted[i], null);
                }
            }
        } catch (MqttException e) {
            throw failure("cannot subscribe to " + String.join(", ", filters), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback done) throws MqttConnectionException {
        try {
            client.publish(topic, payload, qos, retained, null, new MqttActionListener() {
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
