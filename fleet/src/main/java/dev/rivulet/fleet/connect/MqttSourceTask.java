package dev.rivulet.fleet.connect;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of the shared subscription. Messages arrive on Paho's thread and wait in a queue (at most
 * {@code mqtt.receive.maximum} of them: the broker sends no more unacknowledged ones); {@link #poll} turns them into
 * records; {@link #commitRecord} acknowledges each to the broker once Kafka has acknowledged its record. Until then
 * the message stays in the task's persistent MQTT session: a worker that dies gets it again when its task
 * reconnects under the same client id, and the copy in Kafka (if any) carries the same {@code rivulet.id} header.
 *
 * <p>The task connects and subscribes from {@link #poll}, on Connect's thread, never from a Paho callback.
 */
public final class MqttSourceTask extends SourceTask {

    /** The header carrying the message's own id ({@code docs/SUMMARY.md}), for deduplication downstream. */
    public static final String ID_HEADER = "rivulet.id";
    /** The header carrying the MQTT topic the message was published to. */
    public static final String TOPIC_HEADER = "mqtt.topic";

    private static final Logger LOG = LoggerFactory.getLogger(MqttSourceTask.class);
    private static final long RECONNECT_MILLIS = 1000;

    private record Arrived(String topic, MqttMessage message) {
    }

    private final LinkedBlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
    /** Records handed to Connect, by identity (Connect gives the same object back), and their MQTT packet ids. */
    private final Map<SourceRecord, MqttMessage> unacknowledged = new IdentityHashMap<>();

    private MqttSourceSettings settings;
    private List<TopicRoute> routes;
    private String clientId;
    private MqttAsyncClient client;
    private long nextConnectAttempt;

    @Override
    public String version() {
        return MqttSourceConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> properties) {
        settings = new MqttSourceSettings(properties);
        routes = settings.routes();
        clientId = settings.clientIdPrefix(properties.get("name")) + "-task-" + properties.get(MqttSourceConnector.TASK_INDEX);
        try {
            // Never the constructor without persistence: it writes files into the working directory.
            client = new MqttAsyncClient(settings.broker(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new ConnectException("cannot create the MQTT client " + clientId + " for " + settings.broker(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (!client.isConnected()) {
            connect();
        }
        Arrived first = arrived.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<Arrived> batch = new ArrayList<>();
        batch.add(first);
        arrived.drainTo(batch, settings.pollMaxRecords() - 1);
        List<SourceRecord> records = new ArrayList<>(batch.size());
        for (Arrived a : batch) {
            SourceRecord record = toRecord(a);
            if (record == null) {
                acknowledge(a.message);
                continue;
            }
            synchronized (unacknowledged) {
                unacknowledged.put(record, a.message);
            }
            records.add(record);
        }
        return records;
    }

    private SourceRecord toRecord(Arrived a) {
        String kafkaTopic = null;
        for (TopicRoute route : routes) {
            if (route.matches(a.topic)) {
                kafkaTopic = route.kafkaTopic();
                break;
            }
        }
        if (kafkaTopic == null) {
            // The broker's subscription outlived a change of mqtt.topics.*: nothing routes it any more.
            LOG.warn("{}: a message on {} matches none of the configured filters; acknowledged and dropped", clientId, a.topic);
            return null;
        }
        byte[] payload = a.message.getPayload();
        GatewayMessage read = GatewayMessage.read(payload);
        // A payload naming no gateway is still kept (a consumer will report it); its topic keeps it in order.
        String key = read.gateway() != null ? read.gateway() : a.topic;
        ConnectHeaders headers = new ConnectHeaders();
        if (read.id() != null) {
            headers.addString(ID_HEADER, read.id());
        }
        headers.addString(TOPIC_HEADER, a.topic);
        return new SourceRecord(null, null, kafkaTopic, null, Schema.STRING_SCHEMA, key, Schema.BYTES_SCHEMA, payload,
                System.currentTimeMillis(), headers);
    }

    /** Kafka has the record (or a transformation dropped it): the broker may forget the message. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        MqttMessage message;
        synchronized (unacknowledged) {
            message = unacknowledged.remove(record);
        }
        if (message != null) {
            acknowledge(message);
        }
    }

    private void acknowledge(MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            // The connection dropped: the broker sends the message again on reconnect, and its id makes the copy harmless.
            LOG.debug("{}: acknowledging message {} failed ({}); the broker will send it again", clientId, message.getId(),
                    e.getMessage());
        }
    }

    private void connect() throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now < nextConnectAttempt) {
            Thread.sleep(nextConnectAttempt - now);
        }
        nextConnectAttempt = System.currentTimeMillis() + RECONNECT_MILLIS;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpirySeconds());
        options.setReceiveMaximum(settings.receiveMaximum());
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        if (settings.username() != null) {
            options.setUserName(settings.username());
        }
        if (settings.password() != null) {
            options.setPassword(new String(settings.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (settings.broker().startsWith("ssl://")) {
            options.setSocketFactory(MqttTls.socketFactory(settings));
        }
        // Messages acknowledged by nobody belong to the previous connection: the broker sends them again.
        synchronized (unacknowledged) {
            unacknowledged.clear();
        }
        arrived.clear();
        try {
            client.connect(options).waitForCompletion(11_000);
            MqttSubscription[] subscriptions = routes.stream()
                    .map(r -> new MqttSubscription(r.sharedFilter(settings.sharedGroup()), 1)).toArray(MqttSubscription[]::new);
            IMqttToken token = client.subscribe(subscriptions);
            token.waitForCompletion(10_000);
            int[] codes = token.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= 0x80) {
                    throw new ConnectException("the broker " + settings.broker() + " refused the subscription "
                            + subscriptions[Math.min(i, subscriptions.length - 1)].getTopic() + " (reason code " + codes[i]
                            + "): it needs MQTT 5 shared subscriptions and read access to the topic");
                }
            }
            LOG.info("{}: connected to {}, subscribed to {}", clientId, settings.broker(),
                    routes.stream().map(r -> r.sharedFilter(settings.sharedGroup())).toList());
        } catch (MqttException e) {
            LOG.warn("{}: cannot connect to {} ({}); trying again in {} ms", clientId, settings.broker(), e.getMessage(),
                    RECONNECT_MILLIS);
            forceDisconnect();
        }
    }

    private void forceDisconnect() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            LOG.debug("{}: forced disconnect: {}", clientId, e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("{}: disconnect: {}", clientId, e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("{}: close: {}", clientId, e.getMessage());
        }
    }

    private final class Callback extends ArrivalCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            arrived.add(new Arrived(topic, message));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("{}: disconnected from {}: {}", clientId, settings.broker(),
                    response.getException() != null ? response.getException().getMessage() : response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.warn("{}: MQTT error: {}", clientId, e.getMessage());
        }
    }
}
