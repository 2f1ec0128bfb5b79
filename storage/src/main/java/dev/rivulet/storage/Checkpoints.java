package dev.rivulet.storage;

import java.util.List;
import java.util.Optional;

/**
 * Checkpoints of the engine state. One commit is one transaction holding the state blobs, what they cover, the
 * outbox messages the batch produced, and the pruning of what is no longer needed; so state and outputs always
 * move together.
 *
 * <p>The last {@link StoreConfig#checkpointsRetained()} checkpoints are kept. Log records are pruned only up to
 * the sequence number covered by the <em>oldest</em> retained checkpoint, so falling back to an older checkpoint
 * (when the newest is unreadable) still finds every record it needs to replay.
 */
public interface Checkpoints {

    /**
     * Commits a checkpoint atomically with the outbox messages produced by the batches it covers.
     *
     * @param checkpoint the state and what it covers; its {@code logSequence} may not exceed
     *                   {@link ReceiverLog#lastSequence()}
     * @param outbox     messages to queue; ids already queued, delivered or dropped are skipped
     * @throws StoreFullException when the disk is full; nothing of the commit was written
     */
    CommitResult commit(Checkpoint checkpoint, List<OutboxMessage> outbox);

    /**
     * The newest readable checkpoint. A checkpoint whose blobs fail their checksum (or are missing) is skipped
     * for the previous one, with a log line naming it and a {@link StoreCounters.Counter#CHECKPOINTS_UNREADABLE}
     * count.
     */
    Optional<StoredCheckpoint> latest();

    /** The ids of the retained checkpoints, newest first (readable or not). */
    List<Long> retainedIds();
}
