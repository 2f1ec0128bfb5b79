package dev.rivulet.checkpoint;

import dev.rivulet.sensors.Delivery;
import dev.rivulet.storage.DeliveryMark;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * The engine's write-ahead log on the store's receiver log: one transaction per block. Each logged record
 * is {@code receiver name (UTF)} followed by the record ({@link RecordCodec}).
 *
 * <h2>Redeliveries</h2>
 * With each block the journal stores a {@link DeliveryMark} for every MQTT message its records came in
 * (source, packet id, hash of topic and payload), one per source and packet id, in the block's transaction, and
 * keeps it until the message's PUBACK has gone to the broker ({@link #released}); the next block's transaction
 * removes it. A broker resends a QoS 1 message whose PUBACK it did not get, on the resumed session, with the same
 * packet id. A record that may be such a resend (the DUP flag over MQTT 3.1.1; any QoS 1 record over MQTT 5,
 * whose Paho client hides the flag) and whose message still has a mark — logged, not yet acknowledged — with the
 * same topic and payload is not logged again: it is acknowledged and left out of the batch, because its first
 * copy is in the log (or in a checkpoint). A broker reuses a packet id for a new message only after our PUBACK
 * reached it, by which time the mark is gone, so a new message is never taken for a resend (but for a PUBACK
 * sent in the instant before a power cut, whose mark's removal was not yet written: then a new message with the
 * same packet id, topic and payload, arriving first after the restart, would be). This runs on the engine's
 * single thread: a resend arriving while its first copy is still queued in memory is caught once that copy
 * is logged, since it queues behind it.
 */
public final class StoreJournal implements ReceivedDataLog {

    private record MarkKey(String source, int packetId) {
    }

    private final ReceiverLog log;
    private final RecordCodec codec;
    /** Payload hash by source and packet id, as in the store; touched only on the engine's thread. */
    private final Map<MarkKey, Long> marks = new HashMap<>();
    private volatile long lastSequence;
    private volatile boolean failing;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong redeliveriesSkipped = new AtomicLong();
    private final Queue<DeliveryMark> released = new ConcurrentLinkedQueue<>();

    public StoreJournal(ReceiverLog log, RecordCodec codec) {
        this.log = log;
        this.codec = codec;
        this.lastSequence = log.lastSequence();
        for (DeliveryMark mark : log.deliveryMarks()) {
            marks.put(new MarkKey(mark.source(), mark.packetId()), mark.payloadHash());
        }
    }

    @Override
    public void append(String receiver, long batchTime, List<Object> records) {
        append(receiver, batchTime, records, Collections.nCopies(records.size(), null));
    }

    /**
     * The broker was sent the acknowledgement of {@code delivery}'s message, so it may reuse the packet id for a
     * new message: the mark is dropped before the next block is checked, and from the file in that block's
     * transaction. Any thread.
     */
    public void released(Delivery delivery) {
        released.add(new DeliveryMark(delivery.source(), delivery.packetId(), delivery.payloadHash()));
    }

    @Override
    public BitSet append(String receiver, long batchTime, List<Object> records, List<Object> tags) {
        List<DeliveryMark> releasedNow = new ArrayList<>();
        for (DeliveryMark mark; (mark = released.poll()) != null; ) {
            releasedNow.add(mark);
            marks.remove(new MarkKey(mark.source(), mark.packetId()), mark.payloadHash());
        }
        BitSet repeats = new BitSet();
        Map<MarkKey, DeliveryMark> blockMarks = new LinkedHashMap<>();
        List<LogRecord> block = new ArrayList<>(records.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(96);
        DataOutputStream out = new DataOutputStream(buffer);
        try {
            for (int i = 0; i < records.size(); i++) {
                if (tags.get(i) instanceof Delivery delivery) {
                    MarkKey key = new MarkKey(delivery.source(), delivery.packetId());
                    DeliveryMark inBlock = blockMarks.get(key);
                    Long held = inBlock != null ? Long.valueOf(inBlock.payloadHash()) : marks.get(key);
                    if (delivery.duplicate() && held != null && held == delivery.payloadHash()) {
                        repeats.set(i);
                        continue;
                    }
                    blockMarks.put(key, new DeliveryMark(delivery.source(), delivery.packetId(), delivery.payloadHash()));
                }
                buffer.reset();
                out.writeUTF(receiver);
                codec.write(records.get(i), out);
                out.flush();
                block.add(new LogRecord(batchTime, buffer.toByteArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            lastSequence = log.append(block, blockMarks.values(), releasedNow);
            failing = false;
        } catch (RuntimeException e) {
            released.addAll(releasedNow);
            failing = true;
            failures.incrementAndGet();
            throw e;
        }
        for (DeliveryMark mark : blockMarks.values()) {
            marks.put(new MarkKey(mark.source(), mark.packetId()), mark.payloadHash());
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
        return failures.get();
    }

    /** Readings of redelivered messages recognised as already logged, acknowledged and left out, since start. */
    public long redeliveriesSkipped() {
        return redeliveriesSkipped.get();
    }

    /** Whether the last append failed (a full disk): received records are then not durable until it works again. */
    public boolean isFailing() {
        return failing;
    }

    /** The sequence number of the last record logged: what a checkpoint taken now covers. */
    public long lastSequence() {
        return lastSequence;
    }
}
