package dev.rivulet.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
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
 * repeats. Pinned to 3.1.1: by default Paho falls back to MQTT 3.1 when a connect fails, and during a broker
 * restart that sent two CONNECTs on one connection, which mosquitto 2.0.11 punishes by deleting the session
 * with its subscription; every later summary then had no subscriber. Reconnects are ours, not Paho's, so that
 * each says whether the broker still held the session (and subscribes again if not, counting it). Connects,
 * losses and reconnects go to {@code log}, to tell a collector that missed messages from a gateway that did not
 * send them.
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
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final String filter;
    private final Path log;
    private final List<Message> received = new ArrayList<>();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "upstream-collector-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger sessionsLost = new AtomicInteger();
    private volatile boolean closed;

    /** Connects to {@code url} as {@code clientId} and subscribes to {@code filter} at QoS 1; notes events in {@code log}. */
    UpstreamCollector(String url, String clientId, String filter, Path log) throws MqttException {
        this.filter = filter;
        this.log = log;
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(this);
        options.setCleanSession(false);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        connect(false);
    }

    /** Connects; subscribes when the broker holds no session for us (the first time, or it lost it). */
    private void connect(boolean reconnect) throws MqttException {
        boolean present = client.connectWithResult(options).getSessionPresent();
        note((reconnect ? "reconnected" : "connected") + ", session " + (present ? "present" : "absent") + "; "
                + received().size() + " messages so far");
        if (!present) {
            if (reconnect) {
                sessionsLost.incrementAndGet();
                note("the broker had lost this session and its subscription: what it got meanwhile is lost for us");
            }
            client.subscribe(filter, 1);
        }
    }

    /** Off Paho's callback thread (never connect or subscribe on it): tries again 500 ms after a failure. */
    private void reconnect() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            connect(true);
        } catch (MqttException e) {
            reconnects.schedule(this::reconnect, 500, TimeUnit.MILLISECONDS);
        }
    }

    /** Reconnects that found the broker without our session: each lost what the broker got in between. */
    int sessionsLost() {
        return sessionsLost.get();
    }

    /** What arrived so far, in order. */
    synchronized List<Message> received() {
        return List.copyOf(received);
    }

    /** The first message {@code match} takes, waiting up to {@code timeout} for it; null if none came. */
    synchronized Message await(Predicate<Message> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message message : received) {
                if (match.test(message)) {
                    return message;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Connected now (it reconnects by itself after a loss). */
    boolean connected() {
        return client.isConnected();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        synchronized (this) {
            received.add(new Message(topic, new String(message.getPayload(), StandardCharsets.UTF_8),
                    message.isDuplicate()));
            notifyAll();
        }
        if (message.isDuplicate()) {
            note("redelivered by the broker (DUP): " + topic);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        note("connection lost: " + cause);
        if (!closed) {
            reconnects.execute(this::reconnect);
        }
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
        closed = true;
        reconnects.shutdownNow();
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close(true);
    }
}
