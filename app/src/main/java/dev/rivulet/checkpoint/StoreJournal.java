package dev.rivulet.checkpoint;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.storage.AdmittedKey;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.streaming.ReceivedDataLog;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * The engine's write-ahead log on the store's receiver log: one transaction per block. Each logged record
 * is {@code receiver name (UTF)} followed by the record ({@link RecordCodec}), and, when the journal keeps
 * arrived messages for the input archive, by the message the record was decoded from ({@link ArrivedMessages}).
 *
 * <h2>Redeliveries</h2>
 * With each block the journal stores a {@link DeliveryMark} for every MQTT message its records came in
 * (source, packet id, hash of topic and payload), one per source and packet id, in the block's transaction.
 * A broker resends a QoS 1 message whose PUBACK it did not get on the resumed session, with the same packet id
 * and the DUP flag. Such a record whose mark is held is not logged again: it is acknowledged and left out of
 * the batch, because its first copy is already in the log (or in a checkpoint). Only DUP records are left out:
 * a broker reuses a packet id for a new message only after our PUBACK reached it, and that message is not DUP,
 * so its mark replaces the old one. This runs on the engine's single thread: a DUP arriving while its first
 * copy is still queued in memory is caught once that copy is logged, since it queues behind it.
 */
public final class StoreJournal implements ReceivedDataLog {

    /**
     * A source's packet id, as a hash key. A class, not a record: a record's first {@code hashCode} sets up the JDK's
     * method handles for records (about 80 classes, 0.4 MB resident), and this one is hashed for every message.
     */
    private static final class MarkKey {
        private final String source;
        private final int packetId;

        MarkKey(String source, int packetId) {
            this.source = source;
            this.packetId = packetId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MarkKey key && key.packetId == packetId && key.source.equals(source);
        }

        @Override
        public int hashCode() {
            return 31 * source.hashCode() + packetId;
        }
    }

    private final ReceiverLog log;
    private final RecordCodec codec;
    /** Payload hash by source and packet id, as in the store; touched only on the engine's thread. */
    private final HeldMarks marks = new HeldMarks();
    private final StorageHealth health;
    private volatile long lastSequence;
    private final AtomicLong redeliveriesSkipped = new AtomicLong();
    private final boolean keepsMessages;
    /** The message whose first reading was logged last: its other readings do not carry it again. */
    private RecordedMessage lastMessage;
    /** Admitted keys read at start by source, until {@link #keepKeysOf} takes a source's. */
    private final Map<String, Set<String>> keysAtStart = new HashMap<>();
    /**
     * What is logged so far of the receivers that keep keys: the readings' keys, and the values of labels a pipeline
     * keys its state by; each set touched only on the engine's thread.
     */
    private final Map<String, List<Kept>> keptKeys = new ConcurrentHashMap<>();

    /**
     * One thing a receiver's readings are counted by: stored under {@code storedAs} (the receiver's name for its
     * keys; {@link #labelEntry} for a label), read off each reading by {@code of}.
     */
    private record Kept(String storedAs, Function<Reading, String> of, Set<String> logged) {
    }

    /**
     * The name a label's admitted values are stored under, beside the receiver's keys: the receiver's name, the unit
     * separator (U+001F, which no YAML source name holds in practice) and {@code label:NAME}.
     */
    static String labelEntry(String receiver, String label) {
        return receiver + '\u001f' + "label:" + label;
    }

    /** A journal reporting to a storage health of its own ({@link #health()}). */
    public StoreJournal(ReceiverLog log, RecordCodec codec) {
        this(log, codec, new StorageHealth());
    }

    /** A journal reporting its writes to {@code health}. */
    public StoreJournal(ReceiverLog log, RecordCodec codec, StorageHealth health) {
        this(log, codec, health, false);
    }

    /**
     * A journal reporting its writes to {@code health} that, with {@code keepsMessages}, logs with the first
     * reading of each MQTT message the message as it arrived (for the input archive).
     */
    public StoreJournal(ReceiverLog log, RecordCodec codec, StorageHealth health, boolean keepsMessages) {
        this.log = log;
        this.keepsMessages = keepsMessages;
        this.codec = codec;
        this.health = health;
        this.lastSequence = log.lastSequence();
        health.logBound(log.boundReached());
        for (DeliveryMark mark : log.deliveryMarks()) {
            marks.put(mark.source(), mark.packetId(), mark.payloadHash());
        }
        for (AdmittedKey key : log.admittedKeys()) {
            keysAtStart.computeIfAbsent(key.source(), source -> new HashSet<>()).add(key.key());
        }
    }

    /**
     * Has the journal write the key of each reading of {@code receiver} it logs first, from now on; call it before
     * the receiver's source starts.
     *
     * @return the keys logged before, read at start (for the source's limit to count from): a view, to be copied
     *     before the source starts
     */
    public synchronized Set<String> keepKeysOf(String receiver) {
        return keep(receiver, receiver, Reading::key);
    }

    /**
     * Has the journal write, besides the keys ({@link #keepKeysOf}, called first), each value of {@code label} a
     * reading of {@code receiver} it logs first brings: a label a pipeline keys its state by.
     *
     * @return the values logged before, read at start: a view, to be copied before the source starts
     */
    public synchronized Set<String> keepLabelValuesOf(String receiver, String label) {
        if (!keptKeys.containsKey(receiver)) {
            throw new IllegalStateException("keep the keys of receiver '" + receiver + "' before its labels' values");
        }
        return keep(receiver, labelEntry(receiver, label), reading -> reading.label(label));
    }

    private Set<String> keep(String receiver, String storedAs, Function<Reading, String> of) {
        Set<String> logged = keysAtStart.getOrDefault(storedAs, new HashSet<>());
        keysAtStart.remove(storedAs);
        keptKeys.computeIfAbsent(receiver, r -> new CopyOnWriteArrayList<>()).add(new Kept(storedAs, of, logged));
        return Collections.unmodifiableSet(logged);
    }

    @Override
    public void append(String receiver, long batchTime, List<Object> records) {
        append(receiver, batchTime, records, Collections.nCopies(records.size(), null));
    }

    @Override
    public BitSet append(String receiver, long batchTime, List<Object> records, List<Object> tags) {
        BitSet repeats = new BitSet();
        List<Kept> kept = keptKeys.getOrDefault(receiver, List.of());
        // New values per thing kept, as strings: hashing AdmittedKey records would set up the JDK's method handles
        // for records' hashCode at the first reading (0.4 MiB resident in the demo), for nothing.
        List<Set<String>> blockValues = null;
        List<AdmittedKey> blockKeys = List.of();
        Map<MarkKey, DeliveryMark> blockMarks = new LinkedHashMap<>();
        Map<String, FileMark> fileMarks = new LinkedHashMap<>();
        List<LogRecord> block = new ArrayList<>(records.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(96);
        DataOutputStream out = new DataOutputStream(buffer);
        try {
            for (int i = 0; i < records.size(); i++) {
                Object tag = tags.get(i);
                Delivery delivery = tag instanceof Acknowledgement ack ? ack.delivery() : (Delivery) tag;
                if (delivery != null) {
                    MarkKey key = new MarkKey(delivery.source(), delivery.packetId());
                    DeliveryMark inBlock = blockMarks.get(key);
                    boolean held = inBlock != null ? inBlock.payloadHash() == delivery.payloadHash()
                            : marks.holds(delivery.source(), delivery.packetId(), delivery.payloadHash());
                    if (delivery.duplicate() && held) {
                        repeats.set(i);
                        continue;
                    }
                    blockMarks.put(key, new DeliveryMark(delivery.source(), delivery.packetId(), delivery.payloadHash()));
                }
                if (tag instanceof Acknowledgement ack && ack.position() != null) {
                    FilePosition at = ack.position();
                    fileMarks.put(at.file(), new FileMark(receiver, at.file(), at.modified(), at.line(), at.reading(),
                            at.complete()));
                }
                if (!kept.isEmpty() && records.get(i) instanceof Reading reading) {
                    for (int k = 0; k < kept.size(); k++) {
                        Kept thing = kept.get(k);
                        String value = thing.of().apply(reading);
                        if (value == null || thing.logged().contains(value)) {
                            continue;
                        }
                        if (blockValues == null) {
                            blockValues = new ArrayList<>(kept.size());
                            blockKeys = new ArrayList<>();
                            for (int j = 0; j < kept.size(); j++) {
                                blockValues.add(new HashSet<>());
                            }
                        }
                        if (blockValues.get(k).add(value)) {
                            blockKeys.add(new AdmittedKey(thing.storedAs(), value));
                        }
                    }
                }
                buffer.reset();
                out.writeUTF(receiver);
                codec.write(records.get(i), out);
                if (keepsMessages && tag instanceof Acknowledgement ack && ack.message() != null
                        && ack.message() != lastMessage) {
                    lastMessage = ack.message();
                    ArrivedMessages.write(lastMessage, out);
                }
                out.flush();
                block.add(new LogRecord(batchTime, buffer.toByteArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            lastSequence = log.append(block, new BlockMarks(blockMarks.values(), blockKeys, fileMarks.values()));
            health.journalWritten();
            health.logBound(log.boundReached());
        } catch (RuntimeException e) {
            health.journalFailed(e);
            throw e;
        }
        for (DeliveryMark mark : blockMarks.values()) {
            marks.put(mark.source(), mark.packetId(), mark.payloadHash());
        }
        for (int k = 0; blockValues != null && k < kept.size(); k++) {
            kept.get(k).logged().addAll(blockValues.get(k));
        }
        if (!repeats.isEmpty()) {
            redeliveriesSkipped.addAndGet(repeats.cardinality());
            Logger.debug("receiver '{}': {} redelivered readings already in the log, acknowledged and not counted again",
                    receiver, repeats.cardinality());
        }
        return repeats;
    }

    /** Appends that failed since start. */
    public long failures() {
        return health.journalFailures();
    }

    /** Where this journal reports its writes, with the checkpoints that cover it. */
    public StorageHealth health() {
        return health;
    }

    /** Readings of redelivered messages recognised as already logged, acknowledged and left out, since start. */
    public long redeliveriesSkipped() {
        return redeliveriesSkipped.get();
    }

    /** Measures the log against its bounds again, after a checkpoint pruned it; only while a bound was reached. */
    void prunedByCheckpoint() {
        if (health.logBoundReached() != null) {
            health.logBound(log.boundReached());
        }
    }

    /** Whether the last append failed (a full disk): received records are then not durable until it works again. */
    public boolean isFailing() {
        return health.journalFailing();
    }

    /** The sequence number of the last record logged: what a checkpoint taken now covers. */
    public long lastSequence() {
        return lastSequence;
    }
}
