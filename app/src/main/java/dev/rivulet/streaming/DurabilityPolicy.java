package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import org.tinylog.Logger;

/**
 * When a record is safe, and so when its source may forget it: once the {@link ReceivedDataLog} holds its block,
 * its acknowledgement runs at once; with no log, or while the log cannot be written, only after its batch ran and
 * was handed to the {@link BatchCommitter}. A failure of either slows acknowledgement down; it never stops
 * processing. Touched only on the engine's thread.
 */
final class DurabilityPolicy {

    private final StreamingContext context;
    private final DStreamGraph graph;
    private final List<Runnable> afterBatch = new ArrayList<>();

    DurabilityPolicy(StreamingContext context) {
        this.context = context;
        this.graph = context.graph();
    }

    /** Logs a block, hands it to its stream and releases or holds back its acknowledgements. */
    void deliver(IngestQueue.Block block) {
        BitSet repeats = logBlock(block);
        boolean durable = repeats != null;
        BitSet skip = durable ? repeats : new BitSet();
        block.stream.deliver(block, skip);
        graph.countInput(block.size - skip.cardinality());
        Runnable[] acks = block.acks;
        if (acks == null) {
            return;
        }
        for (int i = 0; i < block.size; i++) {
            if (acks[i] == null) {
                continue;
            }
            if (durable) {
                runHook(acks[i]);
            } else {
                afterBatch.add(acks[i]);
            }
        }
    }

    /**
     * Writes a block to the received-data log, if there is one. Returns null when the block is not durable,
     * else the records the log recognised as repeats of ones it holds (left out of the batch).
     */
    private BitSet logBlock(IngestQueue.Block block) {
        ReceivedDataLog log = context.receivedDataLog();
        if (log == null) {
            return null;
        }
        try {
            List<Object> records = Arrays.asList(block.records).subList(0, block.size);
            return block.tags == null
                    ? log.append(block.stream.name(), graph.currentBatchTime(), records, Collections.nCopies(block.size, null))
                    : log.append(block.stream.name(), graph.currentBatchTime(), records, Arrays.asList(block.tags).subList(0, block.size));
        } catch (RuntimeException e) {
            // The log's owner says when logging stops working and when it works again (StorageHealth).
            Logger.debug("block of receiver '{}' not logged ({}); acknowledged after its batch",
                    block.stream.name(), e.getMessage());
            return null;
        }
    }

    /**
     * Hands batch {@code time}'s state to the committer (not while catching up: a later batch's checkpoint covers
     * it); on a failure processing goes on, and the committer tries again at a later batch. The committer's owner
     * says when checkpoints stop working and when they work again (StorageHealth).
     */
    void commit(long time, long intervalMillis, boolean catchingUp) {
        BatchCommitter committer = context.committer();
        if (committer == null || catchingUp) {
            return;
        }
        try {
            committer.batchCompleted(graph.snapshot(time, intervalMillis));
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            Logger.debug("batch {} ms not checkpointed ({}); processing goes on in memory", time, e.getMessage());
        }
    }

    /** The batch ran and was committed: releases the acknowledgements held back for it. */
    void batchDone() {
        for (Runnable hook : afterBatch) {
            runHook(hook);
        }
        afterBatch.clear();
    }

    private static void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            Logger.error(e, "a completion hook failed");
        }
    }
}
