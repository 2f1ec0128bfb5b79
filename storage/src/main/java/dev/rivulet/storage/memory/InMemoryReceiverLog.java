package dev.rivulet.storage.memory;

import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The receiver log as two sorted maps: records by sequence, and blocks by their last sequence. As in the SQLite
 * store, a block counts toward the size bound whole until all of it is pruned.
 */
final class InMemoryReceiverLog implements ReceiverLog {

    private record Block(long appendedAt, long bytes) {
    }

    private final Object lock;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;
    private final NavigableMap<Long, LoggedRecord> records = new TreeMap<>();
    private final NavigableMap<Long, Block> blocks = new TreeMap<>();
    private final Map<MarkKey, DeliveryMark> marks = new LinkedHashMap<>();
    private long lastSequence;

    private record MarkKey(String source, int packetId) {
    }

    InMemoryReceiverLog(Object lock, StoreConfig config, Clock clock, StoreCounters counters) {
        this.lock = lock;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public long append(List<LogRecord> block, Collection<DeliveryMark> newMarks) {
        synchronized (lock) {
            for (DeliveryMark mark : newMarks) {
                marks.put(new MarkKey(mark.source(), mark.packetId()), mark);
            }
            long bytes = 0;
            for (LogRecord record : block) {
                lastSequence++;
                records.put(lastSequence, new LoggedRecord(lastSequence, record.batchTime(), record.payload().clone()));
                bytes += record.payload().length;
            }
            if (block.isEmpty()) {
                return lastSequence;
            }
            blocks.put(lastSequence, new Block(clock.millis(), bytes));
            counters.increment(Counter.LOG_BLOCKS_APPENDED);
            counters.add(Counter.LOG_RECORDS_APPENDED, block.size());
            counters.add(Counter.LOG_BYTES_APPENDED, bytes);
            counters.add(Counter.LOG_RECORDS_DROPPED, dropOldestBeyondBounds());
            return lastSequence;
        }
    }

    /** Drops whole blocks, oldest first, past the age or size bound; never the newest block. */
    private long dropOldestBeyondBounds() {
        long tooOld = clock.millis() - config.logMaxAge().toMillis();
        long cutoff = 0;
        long held = payloadBytesLocked();
        for (Map.Entry<Long, Block> block : blocks.headMap(lastSequence, false).entrySet()) {
            if (block.getValue().appendedAt() >= tooOld && held <= config.logMaxBytes()) {
                break;
            }
            held -= block.getValue().bytes();
            cutoff = block.getKey();
        }
        return pruneThroughLocked(cutoff);
    }

    private long payloadBytesLocked() {
        return blocks.values().stream().mapToLong(Block::bytes).sum();
    }

    @Override
    public List<DeliveryMark> deliveryMarks() {
        synchronized (lock) {
            return new ArrayList<>(marks.values());
        }
    }

    @Override
    public long lastSequence() {
        synchronized (lock) {
            return lastSequence;
        }
    }

    @Override
    public List<LoggedRecord> readAfter(long afterSequence) {
        synchronized (lock) {
            return new ArrayList<>(records.tailMap(afterSequence, false).values());
        }
    }

    @Override
    public long pruneThrough(long sequence) {
        synchronized (lock) {
            long pruned = pruneThroughLocked(sequence);
            counters.add(Counter.LOG_RECORDS_PRUNED, pruned);
            return pruned;
        }
    }

    /** Deletes records up to {@code sequence}; the caller holds the lock and counts. */
    long pruneThroughLocked(long sequence) {
        Map<Long, LoggedRecord> gone = records.headMap(sequence, true);
        long count = gone.size();
        gone.clear();
        blocks.headMap(sequence, true).clear();
        return count;
    }

    @Override
    public long recordCount() {
        synchronized (lock) {
            return records.size();
        }
    }

    @Override
    public long payloadBytes() {
        synchronized (lock) {
            return payloadBytesLocked();
        }
    }
}
