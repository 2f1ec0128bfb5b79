package dev.rivulet.storage;

import java.util.Optional;

/**
 * Everything Rivulet keeps across a power cut, behind one interface.
 *
 * <p>Implementations are thread-safe: the receiver thread may append to the log while the engine thread commits a
 * checkpoint and the uplink thread marks messages delivered. All methods throw {@link StoreException} (unchecked)
 * on failure, {@link StoreFullException} when the disk or the configured size limit is full.
 */
public interface Store extends AutoCloseable {

    /** The receiver write-ahead log: readings appended in blocks before their acknowledgement is released. */
    ReceiverLog receiverLog();

    /** Checkpoints of the engine state, committed atomically with the outbox messages of the batch. */
    Checkpoints checkpoints();

    /** Messages waiting to be published upstream (store-and-forward). */
    Outbox outbox();

    /** Inputs that could not be decoded or processed, kept for inspection. */
    DeadLetters deadLetters();

    /** Counters of everything the store did since it was opened. */
    StoreCounters counters();

    /**
     * What the store had committed before and no longer held when it was opened, if anything: a database emptied,
     * replaced, or cut off from its newest commits. Said once, at the open that found it.
     */
    default Optional<StateLoss> stateLoss() {
        return Optional.empty();
    }

    /** Bytes the store occupies on disk now (database file plus its journal), 0 for a store kept in memory. */
    long sizeOnDiskBytes();

    /** Releases the store. Further calls fail. */
    @Override
    void close();
}
