package dev.rivulet.streaming;

import java.util.List;

/**
 * A write-ahead log for what receivers take in. Called on the engine's thread for every block of records
 * before the block enters its batch; once {@link #append} returns the records are durable, and their
 * completion hooks (the sources' acknowledgements) run at once instead of after the batch.
 *
 * <p>When {@code append} throws, the records still enter the batch, and their hooks run after the batch
 * completes, as without a log: a full disk slows acknowledgement down, it does not stop processing.
 */
public interface ReceivedDataLog {

    /** Makes {@code records}, received by {@code receiver} for batch {@code batchTime}, durable. */
    void append(String receiver, long batchTime, List<Object> records);
}
