package dev.rivulet.replay;

import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.sensors.PublishCallback;
import dev.rivulet.sensors.mqtt.MqttPublisher;
import dev.rivulet.storage.OutboxMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code rivulet replay --publish}: what the replay writes is also sent, as the gateway would have sent it, to the
 * configured brokers: MQTT outputs' messages to their broker, upstream messages (summaries, alerts, results, with
 * their ids) to the upstream broker's topics. Asked for, never by default: a replay re-sending a day after a
 * configuration was fixed, to a central side that keeps the latest message per id. GPIO changes are only written:
 * the pins belong to the gateway running on the device.
 *
 * <p>Each broker gets a client of its own, {@code <client-id>-replay}, so the running gateway's sessions are left
 * alone. Publishes go as fast as the broker acknowledges them (the publisher holds at most its in-flight limit);
 * {@link #close} waits for the last acknowledgements and says how many were sent, and fails when any was not.
 */
final class ReplayPublishing implements AutoCloseable {

    /** How long a broker has to accept the replay's client before the replay gives up. */
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(15);
    private static final Duration LAST_ACKS_WAIT = Duration.ofSeconds(60);

    private final RivuletConfig config;
    private final Map<String, MqttPublisher> publishers = new HashMap<>();
    /** One party per publish not yet acknowledged, and one for the replay itself. */
    private final Phaser pending = new Phaser(1);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();

    ReplayPublishing(RivuletConfig config) {
        this.config = config;
    }

    /** {@code written} (the replay's line for each publish) and then the broker itself. */
    MessagePublisher alongside(String broker, MessagePublisher written) {
        return new MessagePublisher() {
            @Override
            public void publish(String topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
                written.publish(topic, payload, qos, retained, PublishCallback.IGNORE);
                send(broker, topic, payload, qos, retained, callback);
            }

            @Override
            public boolean isConnected() {
                return true;
            }

            @Override
            public void close() {
                written.close();
            }
        };
    }

    /** An upstream message, to the upstream broker, as the gateway's forwarder sends it (QoS at most 1). */
    void upstream(OutboxMessage message) {
        send(config.upstream().broker(), message.topic(), message.payload(), Math.min(message.qos(), 1),
                message.retained(), PublishCallback.IGNORE);
    }

    private void send(String broker, String topic, byte[] payload, int qos, boolean retained, PublishCallback then) {
        MqttPublisher publisher;
        try {
            publisher = publisher(broker);
        } catch (IllegalStateException e) {
            failed(e);
            then.completed(e);
            return;
        }
        pending.register();
        publisher.publish(topic, payload, qos, retained, error -> {
            if (error == null) {
                sent.incrementAndGet();
            } else {
                failed(error);
            }
            pending.arriveAndDeregister();
            then.completed(error);
        });
    }

    private void failed(Throwable error) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, error);
    }

    /** Stops the replay at the first message a broker did not take: the operator asked for them to be sent. */
    void stopOnFailure() {
        if (failed.get() > 0) {
            throw new IllegalStateException(firstFailure.get().getMessage());
        }
    }

    private synchronized MqttPublisher publisher(String broker) {
        MqttPublisher publisher = publishers.get(broker);
        if (publisher != null) {
            return publisher;
        }
        publisher = MqttPublisher.open(config.brokers().get(broker).mqtt("replay"));
        publishers.put(broker, publisher);
        long deadline = System.nanoTime() + CONNECT_WAIT.toNanos();
        while (!publisher.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("--publish: broker '" + broker + "' did not accept the replay's client"
                        + " within " + CONNECT_WAIT.toSeconds() + " s (" + publisher.problem() + "); nothing more is"
                        + " sent. Check brokers." + broker + " in the configuration, or replay without --publish");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("--publish: interrupted while connecting to broker '" + broker + "'", e);
            }
        }
        return publisher;
    }

    /** Messages the brokers acknowledged so far. */
    long sent() {
        return sent.get();
    }

    /** Waits for the last acknowledgements and disconnects; fails when a message was not acknowledged. */
    @Override
    public void close() throws InterruptedException {
        try {
            pending.awaitAdvanceInterruptibly(pending.arrive(), LAST_ACKS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("--publish: " + (pending.getRegisteredParties() - 1) + " messages were still"
                    + " not acknowledged " + LAST_ACKS_WAIT.toSeconds() + " s after the replay's end", e);
        } finally {
            synchronized (this) {
                publishers.values().forEach(MqttPublisher::close);
            }
        }
        if (failed.get() > 0) {
            throw new IllegalStateException("--publish: " + failed.get() + " of " + (failed.get() + sent.get())
                    + " messages were not acknowledged by their broker (the first: " + firstFailure.get() + ")");
        }
    }
}
