package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.mqtt.MqttConnection.MqttConnectionException;
import org.tinylog.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one {@link MqttConnection} up: connects, subscribes, and after a loss reconnects with capped, jittered
 * backoff and subscribes again (a broker that lost the session, or a clean session, has forgotten the
 * subscriptions). All blocking calls run on one thread of ours, never on a client callback thread.
 *
 * <p>Each connection attempt gets a new generation number. A QoS 1 message id is only meaningful on the
 * connection it arrived on: acknowledging it on a later connection could release a different message that
 * reused the id. So acknowledgements carry the generation and stale ones are dropped; the broker redelivers
 * those messages on the new connection and they are acknowledged then. A message is tagged with the generation
 * of the connection it arrived on, fixed when that connection's listener was made, never read from the counter
 * when the message arrives: the client's callback thread may still hand over messages of a lost connection
 * after the next attempt has begun.
 */
final class ReconnectingClient {

    /** Receives messages on the client's callback thread, each with the generation of its connection. */
    interface Messages {
        /**
         * @param refusedBytes -1 for a message as it came; otherwise the size of a payload over the limit, which
         *                     was never read ({@code payload} is empty)
         */
        void arrived(String topic, byte[] payload, int messageId, int qos, boolean duplicate, int generation, long refusedBytes);
    }

    private final String name;
    private final MqttSettings settings;
    private final MqttConnection connection;
    private final Messages messages;
    private final String[] filters;
    private final int qos;
    private final Backoff backoff;
    private final ScheduledExecutorService thread;
    private final AtomicInteger generation = new AtomicInteger();
    private volatile boolean ready;
    private volatile boolean closed;
    /** The generation of the last connection that was lost; 0 before any. */
    private volatile int lostGeneration;
    private volatile String problem;
    private final ProblemsSaid said = new ProblemsSaid();
    private int failures;
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();

    /**
     * @param messages receives messages on the client's thread; null for a publisher
     * @param filters  subscribed after every connect; empty for a publisher
     */
    ReconnectingClient(String name, MqttSettings settings, MqttConnection connection,
                       Messages messages, String[] filters, int qos) {
        this.name = name;
        this.settings = settings;
        this.connection = connection;
        this.messages = messages;
        this.filters = filters;
        this.qos = qos;
        this.backoff = new Backoff(settings.reconnectInitialDelay(), settings.reconnectMaxDelay());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rivulet-mqtt-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Tries to connect now, on the caller's thread; on failure keeps trying in the background. */
    void start() {
        if (!attempt()) {
            scheduleRetry();
        }
    }

    /** Connected and subscribed. */
    boolean isReady() {
        return ready && connection.isConnected();
    }

    /** Why the last attempt failed or the connection was lost, in the operator's words; null while connected. */
    String problem() {
        return problem;
    }

    /** Calls {@code listener} after each change of {@link #isReady()} or {@link #problem()}, on the thread that made it. */
    void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        for (Runnable listener : changeListeners) {
            listener.run();
        }
    }

    MqttConnection connection() {
        return connection;
    }

    /**
     * Sends the PUBACK for a message that arrived on connection {@code gen}; drops it when that connection is
     * gone. Not gated on being subscribed: a persistent session redelivers right after CONNACK, before our
     * SUBSCRIBE completes, and those messages must be acknowledged too or they fill the receive window.
     */
    void acknowledge(int gen, int messageId, int messageQos) {
        if (gen != generation.get() || closed) {
            return;
        }
        try {
            connection.acknowledge(messageId, messageQos);
        } catch (MqttConnectionException e) {
            Logger.debug("MQTT {}: acknowledgement of message {} not sent, the broker will redeliver it: {}", name, messageId, e.getMessage());
        }
    }

    /**
     * Whether the connection of generation {@code gen} is gone (lost, replaced or closed): a QoS 1 message that
     * arrived on it and is not acknowledged will be sent again on the next one.
     */
    boolean gone(int gen) {
        return closed || gen != generation.get() || gen == lostGeneration;
    }

    private boolean attempt() {
        if (closed) {
            return true;
        }
        int current = generation.incrementAndGet();
        MqttConnection.Listener listener = new MqttConnection.Listener() {
            @Override
            public void messageArrived(String topic, byte[] payload, int messageId, int messageQos, boolean duplicate) {
                if (messages != null) {
                    messages.arrived(topic, payload, messageId, messageQos, duplicate, current, -1);
                }
            }

            @Override
            public void messageRefused(String topic, int messageId, int messageQos, boolean duplicate, long payloadBytes) {
                if (messages != null) {
                    messages.arrived(topic, new byte[0], messageId, messageQos, duplicate, current, payloadBytes);
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                lostGeneration = current;
                ready = false;
                if (!closed) {
                    failed(cause == null ? new IllegalStateException("the connection was lost") : cause, -1);
                    changed();
                    try {
                        thread.execute(() -> {
                            failures = 0;
                            scheduleRetry();
                        });
                    } catch (RejectedExecutionException e) {
                        // closing
                    }
                }
            }
        };
        try {
            connection.connect(listener);
            if (filters.length > 0) {
                connection.subscribe(filters, qos);
            }
            ready = true;
            failures = 0;
            problem = null;
            said.connected();
            Logger.info("MQTT {}: connected{}", name, filters.length > 0 ? " and subscribed to " + String.join(", ", filters) : "");
            changed();
            return true;
        } catch (MqttConnectionException e) {
            ready = false;
            failed(e, e.reasonCode());
            changed();
            return false;
        } catch (RuntimeException e) {
            ready = false;
            failed(e, -1);
            changed();
            return false;
        }
    }

    /** Says each thing that failed once until the client connects again, not at every retry; the rest go to the debug log. */
    private void failed(Throwable error, int reasonCode) {
        ConnectionFailure failure = ConnectionFailure.of(error, reasonCode, settings.tls() != null && settings.tls().hasClientCertificate());
        String text = settings.describe(failure);
        if (said.first(text)) {
            Logger.warn("MQTT {}: {}", name, text);
        } else {
            Logger.debug("MQTT {}: still failing: {}", name, text);
        }
        problem = text;
    }

    private void scheduleRetry() {
        if (closed) {
            return;
        }
        long delay = backoff.delayMillis(failures++);
        try {
            thread.schedule(() -> {
                if (!attempt()) {
                    scheduleRetry();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** Disconnects cleanly; a persistent session keeps unacknowledged messages for the next start. */
    void close() {
        shutdown(false);
    }

    /** Drops the connection without DISCONNECT, as a crash would. */
    void kill() {
        shutdown(true);
    }

    private void shutdown(boolean abrupt) {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        thread.shutdownNow();
        if (abrupt) {
            connection.kill();
        } else {
            connection.close();
        }
    }
}
