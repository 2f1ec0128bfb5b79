package dev.rivulet.storage.memory;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.Checkpoints;
import dev.rivulet.storage.CommitResult;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.OutboxResult;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import dev.rivulet.storage.StoredCheckpoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checkpoints by id. A commit changes the checkpoints, the log and the outbox under one lock and cannot fail
 * half-way (nothing in it does I/O), which makes it as atomic as the SQLite transaction.
 */
final class InMemoryCheckpoints implements Checkpoints {

    private final Object lock;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;
    private final InMemoryReceiverLog log;
    private final InMemoryOutbox outbox;
    private final NavigableMap<Long, StoredCheckpoint> byId = new TreeMap<>();
    private long lastId;

    InMemoryCheckpoints(Object lock, StoreConfig config, Clock clock, StoreCounters counters,
                        InMemoryReceiverLog log, InMemoryOutbox outbox) {
        this.lock = lock;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
        this.log = log;
        this.outbox = outbox;
    }

    @Override
    public CommitResult commit(Checkpoint checkpoint, List<OutboxMessage> messages) {
        synchronized (lock) {
            if (checkpoint.logSequence() > log.lastSequence()) {
                throw new IllegalArgumentException("the checkpoint covers log sequence " + checkpoint.logSequence()
                        + " but the receiver log ends at " + log.lastSequence());
            }
            TreeMap<String, byte[]> copies = new TreeMap<>();
            checkpoint.blobs().forEach((name, bytes) -> copies.put(name, bytes.clone()));
            lastId++;
            byId.put(lastId, new StoredCheckpoint(lastId, clock.millis(),
                    new Checkpoint(checkpoint.batchTime(), checkpoint.logSequence(), copies)));
            int pruned = 0;
            while (byId.size() > config.checkpointsRetained()) {
                byId.pollFirstEntry();
                pruned++;
            }
            long coveredByAll = byId.values().stream()
                    .mapToLong(stored -> stored.checkpoint().logSequence()).min().orElse(0);
            long logPruned = log.pruneThroughLocked(coveredByAll);
            OutboxResult queued = outbox.enqueueLocked(messages);
            counters.increment(Counter.CHECKPOINTS_COMMITTED);
            counters.add(Counter.CHECKPOINT_BYTES_WRITTEN, checkpoint.totalBytes());
            counters.add(Counter.CHECKPOINTS_PRUNED, pruned);
            counters.add(Counter.LOG_RECORDS_PRUNED, logPruned);
            return new CommitResult(lastId, queued, logPruned);
        }
    }

    @Override
    public Optional<StoredCheckpoint> latest() {
        synchronized (lock) {
            return Optional.ofNullable(byId.lastEntry()).map(entry -> entry.getValue());
        }
    }

    @Override
    public List<Long> retainedIds() {
        synchronized (lock) {
            return new ArrayList<>(byId.descendingKeySet());
        }
    }
}
