package dev.rivulet.storage;

import java.util.List;

/**
 * Rejected inputs, kept for inspection; bounded by {@link StoreConfig#deadLettersMaxRows()} and
 * {@link StoreConfig#deadLettersMaxAge()}, the oldest pruned first.
 */
public interface DeadLetters {

    /** Records a rejected input; the raw bytes are cut to the configured length. */
    void record(String source, String topic, byte[] raw, String reason);

    /** Up to {@code limit} dead letters, newest first. */
    List<DeadLetter> latest(int limit);

    /** How many dead letters are kept. */
    long count();
}
