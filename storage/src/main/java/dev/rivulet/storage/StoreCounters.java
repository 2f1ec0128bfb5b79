package dev.rivulet.storage;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Monotonic counters of what a store did since it was opened, for metrics and status reports. Counts are added
 * only after the transaction they describe committed.
 */
public final class StoreCounters {

    /** What is counted. */
    public enum Counter {
        /** Blocks appended to the receiver log. */
        LOG_BLOCKS_APPENDED,
        /** Records appended to the receiver log. */
        LOG_RECORDS_APPENDED,
        /** Payload bytes appended to the receiver log. */
        LOG_BYTES_APPENDED,
        /** Log records deleted because checkpoints cover them. */
        LOG_RECORDS_PRUNED,
        /** Log blocks skipped when read because their bytes failed their checksum. */
        LOG_BLOCKS_UNREADABLE,
        /** Checkpoints committed. */
        CHECKPOINTS_COMMITTED,
        /** Blob bytes written by checkpoint commits. */
        CHECKPOINT_BYTES_WRITTEN,
        /** Checkpoints deleted because newer ones replaced them. */
        CHECKPOINTS_PRUNED,
        /** Checkpoints skipped at load because a blob failed its checksum or was missing. */
        CHECKPOINTS_UNREADABLE,
        /** Messages added to the outbox. */
        OUTBOX_QUEUED,
        /** Messages not added because their id was already queued, delivered or dropped. */
        OUTBOX_DUPLICATES_SKIPPED,
        /** Messages removed after their publish completed. */
        OUTBOX_DELIVERED,
        /** Oldest messages dropped because the outbox was full. */
        OUTBOX_DROPPED,
        /** Dead letters recorded. */
        DEAD_LETTERS_RECORDED,
        /** Dead letters deleted by the row or age bound. */
        DEAD_LETTERS_PRUNED,
        /** Writes refused because the disk or the size limit was full. */
        STORE_FULL_ERRORS,
        /** Times a full disk made the store copy its {@code -wal} file into the database and truncate it. */
        WAL_FILE_TRUNCATIONS,
        /** Corrupted database files moved aside at open. */
        CORRUPT_FILES_MOVED_ASIDE,
        /** Opens that found less than the store had committed before (see {@link StateLoss}). */
        STATE_LOST
    }

    private final Map<Counter, AtomicLong> values = new EnumMap<>(Counter.class);

    /** All counters at zero. */
    public StoreCounters() {
        for (Counter counter : Counter.values()) {
            values.put(counter, new AtomicLong());
        }
    }

    /** The current value of one counter. */
    public long get(Counter counter) {
        return values.get(counter).get();
    }

    /** Adds {@code amount} to a counter; for store implementations. */
    public void add(Counter counter, long amount) {
        values.get(counter).addAndGet(amount);
    }

    /** Adds one to a counter; for store implementations. */
    public void increment(Counter counter) {
        add(counter, 1);
    }

    /** Every counter's current value. */
    public Map<Counter, Long> snapshot() {
        Map<Counter, Long> copy = new EnumMap<>(Counter.class);
        values.forEach((counter, value) -> copy.put(counter, value.get()));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
