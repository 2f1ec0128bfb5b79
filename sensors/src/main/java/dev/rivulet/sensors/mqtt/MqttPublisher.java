package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.PublishCallback;
import dev.rivulet.sensors.mqtt.MqttConnection.MqttConnectionException;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes alerts and summaries over MQTT (5 or 3.1.1) with a clean session, reconnecting in the background.
 * At most {@code maxInFlight} publishes are outstanding; {@link #publish} waits up to {@code publishWait} for a
 * slot and otherwise fails the callback. A publish attempted while disconnected fails at once: the caller (the
 * outbox) keeps the message and retries, so nothing piles up in memory here.
 */
public final class MqttPublisher implements MessagePublisher {
    /** Paho v5: the broker's receive maximum is reached; wait briefly for a slot. */
    private static final int REASON_MAX_INFLIGHT = 32202;

    private final MqttSettings settings;
    private final ReconnectingClient client;
    private final Semaphore slots;
    private final AtomicBoolean started = new AtomicBoolean();

    public MqttPublisher(MqttSettings settings) {
        this(settings, MqttConnections.publisher(settings.validate()));
    }

    /** A publisher over any connection; tests may pass a fake. */
    public MqttPublisher(MqttSettings settings, MqttConnection connection) {
        this.settings = settings.validate();
        this.client = new ReconnectingClient("publisher-" + settings.clientId(), settings, connection, null, new String[0], 0);
        this.slots = new Semaphore(settings.maxInFlight());
    }

    /** Creates and starts a publisher. */
    public static MqttPublisher open(MqttSettings settings) {
        MqttPublisher publisher = new MqttPublisher(settings);
        publisher.start();
        return publisher;
    }

    /** Connects (once now, then in the background until it succeeds). */
    public void start() {
        if (started.compareAndSet(false, true)) {
            client.start();
        }
    }

    @Override
    public boolean isConnected() {
        return client.isReady();
    }

    @Override
    public String problem() {
        return client.problem();
    }

    @Override
    public void onLinkChange(Runnable listener) {
        client.onChange(listener);
    }

    /** Publishes currently awaiting completion. */
    public int inFlight() {
        return settings.maxInFlight() - slots.availablePermits();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(callback, "callback");
        if (qos != 0 && qos != 1) {
            throw new IllegalArgumentException("qos " + qos + " for topic " + topic + ": expected 0 or 1");
        }
        long deadline = System.nanoTime() + settings.publishWait().toNanos();
        try {
            if (!slots.tryAcquire(settings.publishWait().toNanos(), TimeUnit.NANOSECONDS)) {
                callback.completed(new TimeoutException(settings.maxInFlight() + " publishes in flight and none completed within "
                        + settings.publishWait() + " (mqtt.maxInFlight, mqtt.publishWait)"));
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.completed(e);
            return;
        }
        AtomicBoolean once = new AtomicBoolean();
        PublishCallback release = error -> {
            if (once.compareAndSet(false, true)) {
                slots.release();
                callback.completed(error);
            }
        };
        while (true) {
            if (!client.isReady()) {
                release.completed(new IllegalStateException("MQTT publisher " + settings.clientId() + " is not connected to "
                        + settings.serverUri()));
                return;
            }
            try {
                client.connection().publish(topic, payload, qos, retained, release);
                return;
            } catch (MqttConnectionException e) {
                if (e.reasonCode() != REASON_MAX_INFLIGHT || System.nanoTime() > deadline) {
                    release.completed(e);
                    return;
                }
                LockSupport.parkNanos(100_000);
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
