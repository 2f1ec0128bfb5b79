package dev.rivulet.storage.memory;

import dev.rivulet.storage.AdmittedKey;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.ArchivePosition;
import dev.rivulet.storage.LogBounds;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.PruneArchive;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The receiver log as two sorted maps: records by sequence, and blocks by their last sequence. As in the SQLite
 * store, a block counts toward the size bound whole until all of it is pruned, and only checkpoints prune.
 */
final class InMemoryReceiverLog implements ReceiverLog {

    /** A block's oldest batch time and its payload bytes: what the bounds ({@link LogBounds}) measure. */
    private record Block(long batchTime, long bytes) {
    }

    private final Object lock;
    private final StoreConfig config;
    private final StoreCounters counters;
    private final NavigableMap<Long, LoggedRecord> records = new TreeMap<>();
    private final NavigableMap<Long, Block> blocks = new TreeMap<>();
    private final Map<MarkKey, DeliveryMark> marks = new LinkedHashMap<>();
    private final Set<AdmittedKey> keys = new LinkedHashSet<>();
    private final Map<FileKey, FileMark> files = new LinkedHashMap<>();
    private long lastSequence;
    private PruneArchive archive;
    private ArchivePosition archivePosition = ArchivePosition.NONE;

    private record MarkKey(String source, int packetId) {
    }

    private record FileKey(String source, String file) {
    }

    InMemoryReceiverLog(Object lock, StoreConfig config, StoreCounters counters) {
        this.lock = lock;
        this.config = config;
        this.counters = counters;
    }

    @Override
    public long append(List<LogRecord> block, BlockMarks newMarks) {
        synchronized (lock) {
            for (DeliveryMark mark : newMarks.deliveries()) {
                marks.put(new MarkKey(mark.source(), mark.packetId()), mark);
            }
            keys.addAll(newMarks.keys());
            for (FileMark mark : newMarks.files()) {
                files.put(new FileKey(mark.source(), mark.file()), mark);
            }
            long bytes = 0;
            long batchTime = Long.MAX_VALUE;
            for (LogRecord record : block) {
                lastSequence++;
                records.put(lastSequence, new LoggedRecord(lastSequence, record.batchTime(), record.payload().clone()));
                bytes += record.payload().length;
                batchTime = Math.min(batchTime, record.batchTime());
            }
            if (block.isEmpty()) {
                return lastSequence;
            }
            blocks.put(lastSequence, new Block(batchTime, bytes));
            counters.increment(Counter.LOG_BLOCKS_APPENDED);
            counters.add(Counter.LOG_RECORDS_APPENDED, block.size());
            counters.add(Counter.LOG_BYTES_APPENDED, bytes);
            return lastSequence;
        }
    }

    @Override
    public String boundReached() {
        synchronized (lock) {
            if (blocks.isEmpty()) {
                return null;
            }
            long oldest = blocks.values().stream().mapToLong(Block::batchTime).min().orElseThrow();
            long newest = blocks.values().stream().mapToLong(Block::batchTime).max().orElseThrow();
            return LogBounds.reached(config, payloadBytesLocked(), oldest, newest);
        }
    }

    private long payloadBytesLocked() {
        return blocks.values().stream().mapToLong(Block::bytes).sum();
    }

    @Override
    public List<FileMark> fileMarks() {
        synchronized (lock) {
            return new ArrayList<>(files.values());
        }
    }

    @Override
    public void forgetFile(String source, String file) {
        synchronized (lock) {
            files.remove(new FileKey(source, file));
        }
    }

    @Override
    public List<AdmittedKey> admittedKeys() {
        synchronized (lock) {
            return new ArrayList<>(keys);
        }
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
        if (archive != null && !gone.isEmpty()) {
            archivePosition = archive.archive(List.copyOf(gone.values()), archivePosition);
        }
        long count = gone.size();
        gone.clear();
        blocks.headMap(sequence, true).clear();
        return count;
    }

    @Override
    public void archivePrunedTo(PruneArchive archive) {
        synchronized (lock) {
            this.archive = archive;
        }
    }

    @Override
    public ArchivePosition archivePosition() {
        synchronized (lock) {
            return archivePosition;
        }
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
