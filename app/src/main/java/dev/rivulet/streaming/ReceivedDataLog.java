package dev.rivulet.streaming;

import java.util.BitSet;
import java.util.List;

/**
 * A write-ahead log for what receivers take in. Called on the engine's thread for every block of records
 * before the block enters its batch; once {@link #append} returns the records are durable, and their
 * completion hooks (the sources' acknowledgements) run at once instead of after the batch.
 *
 * <p>When {@code append} throws, the records still enter the batch, and their hooks run after the batch
 * completes, as without a log: a full disk slows acknowledgement down, it does not stop processing. The engine
 * logs such a failure only at debug level: the log says itself, once, when it stops and starts working again.
 */
public interface ReceivedDataLog {

    /** Makes {@code records}, received by {@code receiver} for batch {@code batchTime}, durable. */
    void append(String receiver, long batchTime, List<Object> records);

    /**
     * Makes {@code records} durable, given each one's tag ({@link Receiver#push(Object, Object, Runnable)}; null
     * for an untagged record) in the same call, on the engine's single thread. A log that keeps tags may find
     * records that repeat ones it holds already (a source's redelivery): it leaves them out of the log and
     * answers their indices. The engine acknowledges those and keeps them out of the batch. Throws as
     * {@link #append(String, long, List)}; then nothing is left out.
     *
     * @return the indices of records recognised as repeats; empty when none
     */
    default BitSet append(String receiver, long batchTime, List<Object> records, List<Object> tags) {
        append(receiver, batchTime, records);
        return new BitSet();
    }
}
