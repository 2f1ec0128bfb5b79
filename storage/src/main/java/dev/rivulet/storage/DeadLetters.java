package dev.rivulet.storage;

import java.util.List;

/**
 * Rejected inputs, kept for inspection; bounded by {@link StoreConfig#deadLettersMaxRows()} and
 * {@link StoreConfig#deadLettersMaxAge()}, the oldest pruned first.
 */
public interface DeadLetters {

    /** Records a rejected input that arrived now, by the store's clock; the raw bytes are cut to the configured length. */
    void record(String source, String topic, byte[] raw, String reason);

    /**
     * Records a rejected input that arrived at {@code arrivedAtMillis} (epoch millis, as the source saw it: a
     * letter may wait a moment before it is stored); the raw bytes are cut to the configured length.
     */
    void record(long arrivedAtMillis, String source, String topic, byte[] raw, String reason);

    /** Up to {@code limit} dead letters, newest first. */
    List<StoredDeadLetter> latest(int limit);

    /** How many dead letters are kept. */
    long count();
}
