package dev.rivulet.storage.memory;

import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The receiver log as two sorted maps: records by sequence, and the time each block was appended. */
final class InMemoryReceiverLog implements ReceiverLog {

    private final Object lock;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;
    private final NavigableMap<Long, LoggedRecord> records = new TreeMap<>();
    private final NavigableMap<Long, Long> blockAppendedAt = new TreeMap<>();
    private long lastSequence;
    private long payloadBytes;

    InMemoryReceiverLog(Object lock, StoreConfig config, Clock clock, StoreCounters counters) {
        this.lock = lock;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public long append(List<LogRecord> block) {
        synchronized (lock) {
            long bytes = 0;
            for (LogRecord record : block) {
                lastSequence++;
                records.put(lastSequence, new LoggedRecord(lastSequence, record.batchTime(), record.payload().clone()));
                bytes += record.payload().length;
            }
            if (block.isEmpty()) {
                return lastSequence;
            }
            payloadBytes += bytes;
            blockAppendedAt.put(lastSequence, clock.millis());
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
        long held = payloadBytes;
        for (Map.Entry<Long, Long> block : blockAppendedAt.headMap(lastSequence, false).entrySet()) {
            if (block.getValue() >= tooOld && held <= config.logMaxBytes()) {
                break;
            }
            held -= bytesOf(records.subMap(cutoff, false, block.getKey(), true));
            cutoff = block.getKey();
        }
        return pruneThroughLocked(cutoff);
    }

    private static long bytesOf(Map<Long, LoggedRecord> range) {
        return range.values().stream().mapToLong(record -> record.payload().length).sum();
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
        payloadBytes -= bytesOf(gone);
        gone.clear();
        blockAppendedAt.headMap(sequence, true).clear();
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
            return payloadBytes;
        }
    }
}
