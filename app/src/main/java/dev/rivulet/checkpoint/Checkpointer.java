package dev.rivulet.checkpoint;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.CommitResult;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.streaming.BatchCommitter;
import dev.rivulet.streaming.EngineState;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Takes a checkpoint every N batches: the engine's state, the log position it covers and the outputs'
 * messages, in one transaction. A failure (a full disk) is reported to the {@link StorageHealth} and thrown to the
 * engine, which goes on in memory; the messages wait, and the next batch tries again.
 */
public final class Checkpointer implements BatchCommitter {

    private final Store store;
    private final EngineStateEncoding encoding;
    private final StoreJournal journal;
    private final OutboxBuffer outbox;
    private final int everyBatches;
    private final LongSupplier nanoTime;
    private final AtomicLong lastBatchTime = new AtomicLong(-1);
    private final AtomicLong lastBytes = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final StorageHealth health;
    private int sinceLast;
    private volatile Runnable afterCommit = () -> { };

    /**
     * @param journal      the log whose position checkpoints cover, and whose {@link StorageHealth} commits are
     *                     reported to; null when records are not logged
     * @param everyBatches checkpoint every this many batches (1: every batch)
     */
    public Checkpointer(Store store, RecordCodec codec, StoreJournal journal, OutboxBuffer outbox, int everyBatches,
                        LongSupplier nanoTime) {
        if (everyBatches < 1) {
            throw new IllegalArgumentException("checkpoint interval must be at least 1 batch, was " + everyBatches);
        }
        this.store = store;
        this.encoding = new EngineStateEncoding(codec);
        this.journal = journal;
        this.health = journal == null ? new StorageHealth() : journal.health();
        this.outbox = outbox;
        this.everyBatches = everyBatches;
        this.nanoTime = nanoTime;
        // The first batch is always checkpointed: that records the zero time, on which windows are aligned,
        // so only a power cut during the very first batch leaves recovery to infer it from the log.
        this.sinceLast = everyBatches - 1;
    }

    /** Runs after every successful commit (the outbox forwarder wakes up). */
    public void afterCommit(Runnable action) {
        this.afterCommit = action;
    }

    @Override
    public void batchCompleted(EngineState state) {
        if (++sinceLast < everyBatches) {
            return;
        }
        long start = nanoTime.getAsLong();
        Map<String, byte[]> blobs = encoding.encode(state);
        long covered = journal == null ? store.receiverLog().lastSequence() : journal.lastSequence();
        List<OutboxMessage> messages = outbox.drain();
        CommitResult result;
        try {
            result = store.checkpoints().commit(Checkpoint.of(state.batchTime(), covered, blobs), messages);
        } catch (RuntimeException e) {
            outbox.restore(messages);
            health.checkpointFailed(state.batchTime(), e);
            throw e;
        }
        health.checkpointWritten(state.batchTime());
        countDropped();
        if (journal != null) {
            journal.prunedByCheckpoint();
        }
        sinceLast = 0;
        lastBatchTime.set(state.batchTime());
        lastNanos.set(nanoTime.getAsLong() - start);
        long bytes = 0;
        for (byte[] blob : blobs.values()) {
            bytes += blob.length;
        }
        lastBytes.set(bytes);
        if (result.outbox().queued() > 0) {
            afterCommit.run();
        }
    }

    /**
     * Hands the store's outbox the count of held-back messages the buffer dropped, so they are counted and
     * reported upstream like the outbox's own drops; kept for the next checkpoint if that write fails.
     */
    private void countDropped() {
        long dropped = outbox.takeDropped();
        if (dropped == 0) {
            return;
        }
        try {
            store.outbox().countDropped(dropped);
        } catch (RuntimeException e) {
            outbox.untakeDropped(dropped);
        }
    }

    /** The batch time of the last checkpoint written, or -1. */
    public long lastCheckpointBatchTime() {
        return lastBatchTime.get();
    }

    /** How long the last checkpoint took to encode and commit, in nanoseconds. */
    public long lastCheckpointNanos() {
        return lastNanos.get();
    }

    /** The size of the last checkpoint's state blobs. */
    public long lastCheckpointBytes() {
        return lastBytes.get();
    }

    /** Commits that failed. */
    public long failures() {
        return health.checkpointFailures();
    }

    /** Whether the last checkpoint attempt failed (a full disk): the engine goes on in memory meanwhile. */
    public boolean isFailing() {
        return health.checkpointFailing();
    }

    /** Where commits are reported, with the write-ahead log's appends. */
    public StorageHealth health() {
        return health;
    }
}
