package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.SourceCounters;
import dev.rivulet.sensors.decode.DecodeResult;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.recording.RecordedMessage;
import org.tinylog.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Subscribes to MQTT topics and turns each message into readings.
 *
 * <h2>Threads and backpressure</h2>
 * Paho delivers messages on its callback thread, which must never wait on us: while it waits Paho reads
 * nothing, not even PUBACKs and pings. So the callback only puts the message into a bounded queue, and a
 * delivery thread of ours decodes it and pushes the readings into the sink, which blocks when the engine is
 * behind.
 *
 * <pre>
 *  broker ──► Paho callback ──offer──► [ queue: bufferCapacity ] ──take──► decode ──push (may block)──► engine
 *     ▲                                                                                     │
 *     └──────────────── PUBACK, only when every reading of the message is acknowledged ◄────┘
 * </pre>
 *
 * For QoS 1 the broker's own flow control does the rest: a message stays in flight until we acknowledge it,
 * and the broker sends at most {@code receiveMaximum} (MQTT 5; mosquitto's {@code max_inflight_messages} for
 * 3.1.1) unacknowledged messages. When the engine stops acknowledging, the broker stops sending and queues
 * the rest in the session; the queue, at least {@code receiveMaximum} long, never overflows. That limit counts
 * messages, not bytes, so the payloads held until their acknowledgement are also kept within a byte budget
 * ({@link MqttSettings#bufferBytes()}, {@link PayloadBudget}): while it is spent, the callback waits, Paho stops
 * reading and the broker keeps the rest, so a backlog of large messages cannot fill the heap. A wait ends when
 * bytes are released, or when the message's connection is lost (it is then not acknowledged, and the broker sends
 * it again on the next connection). QoS 0 has no flow control: when the queue is full or the budget spent, QoS 0
 * messages are dropped and counted. Should a broker ignore the limit, the callback waits for room rather than
 * lose a QoS 1 message.
 *
 * <h2>Acknowledgements</h2>
 * With a persistent session and manual acknowledgements, a QoS 1 message is released only when every reading
 * decoded from it has been acknowledged by the engine; a message that decodes to nothing (only dead letters)
 * is released at once. Stop or crash before that and the broker redelivers it: at-least-once. Each reading's
 * acknowledgement names its message ({@link Acknowledgement#delivery()}: packet id, payload hash, DUP flag), so
 * a consumer that keeps those with its write-ahead log can recognise a redelivery and count it once.
 */
public final class MqttSource implements Source {
    /** Looks at the queue before waiting: during a drain the next message is a few microseconds away. */
    private static final int SPINS = 100;
    /** How often the delivery thread looks at the queue while messages keep coming. */
    private static final long POLL_NANOS = 1_000_000;
    /**
     * How long the queue stays empty before the delivery thread sleeps until the callback wakes it: two looks. A
     * source slower than that is woken per message, as before; only a busy one is looked at on a timer.
     */
    private static final long IDLE_NANOS = 2_000_000;

    /** How many topics are named in the log when their messages are too large; past that, one line says so. */
    private static final int TOPICS_NAMED = 1_000;

    /** @param refusedBytes -1, or the size of a payload over the limit that was never read ({@code payload} is empty) */
    private record Message(String topic, byte[] payload, int id, int qos, boolean duplicate, int generation, long arrivalTime,
                           long refusedBytes) { }

    private final String name;
    private final MqttSettings settings;
    private final PayloadDecoder decoder;
    private final LongSupplier clock;
    private final SourceCounters counters = new SourceCounters();
    private final BlockingQueue<Message> queue;
    private final PayloadBudget budget;
    private final ReconnectingClient client;
    /** Topics already named in the log for a message over the size limit; only the delivery thread touches it. */
    private final Set<String> oversizedTopics = new HashSet<>();
    private volatile Thread delivery;
    /** Where readings go once started; asked to make them durable sooner while the payload budget is spent. */
    private volatile ReadingSink sink;
    /** The delivery thread is parked until a message wakes it (see {@link #awaitMessage}). */
    private volatile boolean sleeping;
    private volatile boolean closed;

    /** A source over Paho (MQTT 5 or 3.1.1 per settings) stamping arrival with the system clock. */
    public MqttSource(String name, MqttSettings settings, PayloadDecoder decoder) {
        this(name, settings, decoder, MqttConnections.subscriber(settings.validate()), System::currentTimeMillis);
    }

    /** A source over any connection; tests pass a fake or a clock of their own. */
    public MqttSource(String name, MqttSettings settings, PayloadDecoder decoder, MqttConnection connection, LongSupplier clock) {
        settings.validate();
        if (settings.topics().isEmpty()) {
            throw new IllegalArgumentException("mqtt.topics for source '" + name + "' is empty: give at least one topic filter, e.g. buses/+/door");
        }
        this.name = name;
        this.settings = settings;
        this.decoder = decoder;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.bufferCapacity());
        this.budget = new PayloadBudget(settings.bufferBytes());
        this.client = new ReconnectingClient(name, settings, connection,
                (topic, payload, messageId, qos, duplicate, generation, refusedBytes) -> enqueue(new Message(topic, payload,
                        messageId, qos, duplicate, generation, MqttSource.this.clock.getAsLong(), refusedBytes)),
                settings.topics().toArray(new String[0]), settings.qos());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourceCounters counters() {
        return counters;
    }

    /** Connected to the broker and subscribed. */
    public boolean isConnected() {
        return client.isReady();
    }

    @Override
    public boolean isReady() {
        return isConnected();
    }

    @Override
    public String problem() {
        return client.problem();
    }

    @Override
    public void onLinkChange(Runnable listener) {
        client.onChange(listener);
    }

    /** Messages waiting between the network and the engine. */
    public int buffered() {
        return queue.size();
    }

    /** Payload bytes taken from the broker and not yet released (acknowledged, refused or dropped). */
    public long bufferedBytes() {
        return budget.held();
    }

    @Override
    public synchronized void start(ReadingSink sink, DeadLetterSink deadLetters) {
        if (delivery != null) {
            throw new IllegalStateException("MQTT source '" + name + "' already started");
        }
        this.sink = sink;
        delivery = new Thread(() -> deliver(sink, deadLetters), "rivulet-mqtt-deliver-" + name);
        delivery.setDaemon(true);
        delivery.start();
        client.start();
    }

    /** Runs on the Paho callback thread: never blocks except as the backstop described in the class comment. */
    private void enqueue(Message m) {
        counters.addReceived(1);
        int bytes = m.payload().length;
        if (m.qos() == 0) {
            if (!budget.tryTake(bytes)) {
                counters.addDropped(1);
                return;
            }
            if (!queue.offer(m)) {
                budget.give(bytes);
                counters.addDropped(1);
                return;
            }
        } else {
            try {
                // The bytes come back as messages are acknowledged, which the engine does once it has logged them:
                // it is asked to log what it holds now rather than when its block fills or the batch ends.
                if (!budget.tryTake(bytes) && !takeWhenReleased(bytes, m.generation())) {
                    // Not acknowledged: the broker sends it again on the next connection.
                    return;
                }
                if (!queue.offer(m)) {
                    queue.put(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (sleeping) {
            LockSupport.unpark(delivery);
        }
    }

    /**
     * Waits on Paho's callback thread until {@code bytes} fit, asking the sink to make what it holds durable (the
     * engine's log is one lock further: it never calls the budget while holding it); false if the message's
     * connection went first.
     */
    private boolean takeWhenReleased(int bytes, int generation) throws InterruptedException {
        return budget.take(bytes, () -> client.gone(generation), () -> {
            ReadingSink to = sink;
            if (to != null) {
                to.flush();
            }
        });
    }

    private void deliver(ReadingSink sink, DeadLetterSink deadLetters) {
        DecodeResult result = new DecodeResult();
        // Taking a batch at a time halves the locking; it also means up to 2 × bufferCapacity messages are held.
        int batchSize = Math.min(256, settings.bufferCapacity());
        List<Message> batch = new ArrayList<>(batchSize);
        try {
            while (!closed) {
                if (queue.drainTo(batch, batchSize) == 0) {
                    batch.add(awaitMessage());
                }
                for (Message m : batch) {
                    deliver(m, result, sink, deadLetters);
                }
                batch.clear();
                if (budget.waiting()) {
                    // What was just pushed holds the bytes a message waits for.
                    sink.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Logger.error(e, "MQTT source '{}' stopped delivering", name);
        }
    }

    /**
     * Waits for the next message without asking Paho's callback thread to wake us for each one. Waking a parked
     * thread is a system call on the waker's side: at tens of thousands of messages a second it was a quarter of
     * the callback thread's time, and that thread sets the pace of Paho's receiver. So while messages keep
     * coming, the delivery thread looks at the queue again every {@link #POLL_NANOS} (readings go into batches of
     * a second or more: a millisecond's wait changes no batch's length), and the callback only wakes it once it
     * has found the queue empty for {@link #IDLE_NANOS} and gone to sleep ({@link #sleeping}), so an idle or slow
     * source is not polled. A full queue needs no wake-up either: the next look drains it.
     */
    private Message awaitMessage() throws InterruptedException {
        for (int i = 0; i < SPINS; i++) {
            Message m = queue.poll();
            if (m != null) {
                return m;
            }
            Thread.onSpinWait();
        }
        long idleSince = System.nanoTime();
        while (true) {
            Message m = queue.poll();
            if (m != null) {
                return m;
            }
            if (System.nanoTime() - idleSince < IDLE_NANOS) {
                LockSupport.parkNanos(this, POLL_NANOS);
            } else {
                // Dekker with enqueue(): the flag is raised before the queue is looked at again, and the callback
                // looks at the flag after its offer, so one of the two sees the other.
                sleeping = true;
                try {
                    m = queue.poll();
                    if (m != null) {
                        return m;
                    }
                    LockSupport.park(this);
                } finally {
                    sleeping = false;
                }
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private void deliver(Message m, DecodeResult result, ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        int bytes = m.payload().length;
        if (m.refusedBytes() >= 0 || bytes > settings.maxMessageBytes()) {
            refuse(m, deadLetters);
            budget.give(bytes);
            return;
        }
        result.clear();
        try {
            decoder.decode(m.topic(), m.payload(), m.arrivalTime(), result);
        } catch (RuntimeException e) {
            result.clear();
            result.reject(m.payload(), "decoder failed: " + e);
        }
        List<DecodeResult.Rejection> rejections = result.rejections();
        List<Reading> readings = result.readings();
        counters.addDeadLettered(rejections.size());
        counters.addDecoded(readings.size());
        RecordedMessage arrived = readings.isEmpty() ? null : new RecordedMessage(m.arrivalTime(), m.topic(), m.payload());
        if (m.qos() == 0) {
            Acknowledgement none = readings.isEmpty() ? Acknowledgement.NONE : Acknowledgement.none(arrived);
            try {
                for (DecodeResult.Rejection r : rejections) {
                    deadLetters.deadLetter(letter(m, r), Acknowledgement.NONE);
                }
                for (Reading r : readings) {
                    sink.push(r, none);
                }
            } finally {
                budget.give(bytes);
            }
            return;
        }
        // The message is released once each of its parts is kept: every reading in the log, every dead letter in the
        // store. Its bytes are given back then too: until then the payload is held with its readings (the input
        // archive keeps it) and its dead letters.
        int parts = rejections.size() + readings.size();
        MessageRelease release = new MessageRelease(client, m.generation(), m.id(), m.qos(), parts,
                new Delivery(name, m.id(), Delivery.hash(m.topic(), m.payload()), m.duplicate()), arrived, budget, bytes);
        if (parts == 0) {
            release.acknowledge();
            return;
        }
        for (DecodeResult.Rejection r : rejections) {
            deadLetters.deadLetter(letter(m, r), parts == 1 ? release : release.share());
        }
        for (Reading r : readings) {
            sink.push(r, parts == 1 ? release : release.share());
        }
    }

    private DeadLetter letter(Message m, DecodeResult.Rejection r) {
        return new DeadLetter(name, m.topic(), r.raw(), r.reason(), m.arrivalTime());
    }

    /**
     * A message over {@code maxMessageBytes}: counted, dead-lettered with its topic, size and time but not its
     * payload (never read when it was over the packet limit; thrown away here when it was within the headroom), named in the log once per topic, and at QoS 1
     * acknowledged once its dead letter is kept, so the broker stops sending it.
     */
    private void refuse(Message m, DeadLetterSink deadLetters) {
        long bytes = m.refusedBytes() >= 0 ? m.refusedBytes() : m.payload().length;
        String reason = "message of " + bytes + " bytes is over the limit of " + settings.maxMessageBytes() + " bytes ("
                + settings.maxMessageBytesKey() + "); refused without decoding, its payload is not kept";
        counters.addOversized(1);
        counters.addDeadLettered(1);
        DeadLetter letter = new DeadLetter(name, m.topic(), null, reason, m.arrivalTime());
        if (m.qos() > 0) {
            deadLetters.deadLetter(letter, () -> client.acknowledge(m.generation(), m.id(), m.qos()));
        } else {
            deadLetters.deadLetter(letter, Acknowledgement.NONE);
        }
        if (oversizedTopics.size() < TOPICS_NAMED && oversizedTopics.add(m.topic())) {
            Logger.warn("MQTT source '{}': a message of {} bytes on topic {} is over the limit of {} bytes: refused without"
                    + " decoding it, dead-lettered without its payload{}. Raise {} if such messages are expected; further"
                    + " ones on this topic are only counted (rivulet_source_oversized_messages_total)", name, bytes,
                    m.topic(), settings.maxMessageBytes(), m.qos() > 0 ? " and acknowledged" : "", settings.maxMessageBytesKey());
            if (oversizedTopics.size() == TOPICS_NAMED) {
                Logger.warn("MQTT source '{}': {} topics have had messages over the limit; no more are named", name, TOPICS_NAMED);
            }
        }
    }

    /** Stops taking messages and disconnects; unacknowledged QoS 1 messages stay with the broker. Safe twice. */
    @Override
    public void close() {
        shutdown(false);
    }

    /**
     * Drops the connection without DISCONNECT and without acknowledging anything, as if the process had
     * died. For tests of redelivery.
     */
    public void kill() {
        shutdown(true);
    }

    private synchronized void shutdown(boolean abrupt) {
        if (closed) {
            return;
        }
        closed = true;
        budget.close();
        if (abrupt) {
            client.kill();
        } else {
            client.close();
        }
        if (delivery != null) {
            delivery.interrupt();
            try {
                delivery.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }
}
