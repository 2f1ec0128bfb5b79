package dev.rivulet.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rejected inputs, kept for inspection; bounded by {@link StoreConfig#deadLettersMaxRows()} and
 * {@link StoreConfig#deadLettersMaxAge()}, the oldest pruned first.
 */
public interface DeadLetters {

    /**
     * A rejected input to record.
     *
     * @param arrivedAtMillis when it arrived (epoch millis, as the source saw it: a letter may wait a moment before
     *                        it is stored)
     * @param source          where it came from (for instance {@code mqtt} or {@code gpio})
     * @param topic           the MQTT topic or pin name, may be null
     * @param raw             its raw bytes, perhaps already cut ({@link #cut(int)}); the store cuts them to
     *                        {@link StoreConfig#deadLetterMaxRawBytes()}
     * @param rawLength       the length of the raw bytes as they arrived
     * @param reason          why it was rejected
     */
    record Letter(long arrivedAtMillis, String source, String topic, byte[] raw, int rawLength, String reason) {

        public Letter {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(reason, "reason");
        }

        /** An input whose raw bytes are all here. */
        public static Letter of(long arrivedAtMillis, String source, String topic, byte[] raw, String reason) {
            return new Letter(arrivedAtMillis, source, topic, raw, raw.length, reason);
        }

        /** This letter with at most {@code maxRawBytes} of its raw bytes (a copy when cut), its length as it arrived. */
        public Letter cut(int maxRawBytes) {
            return raw.length <= maxRawBytes ? this
                    : new Letter(arrivedAtMillis, source, topic, Arrays.copyOf(raw, maxRawBytes), rawLength, reason);
        }
    }

    /** Records a rejected input that arrived now, by the store's clock; the raw bytes are cut to the configured length. */
    void record(String source, String topic, byte[] raw, String reason);

    /**
     * Records a rejected input that arrived at {@code arrivedAtMillis} (epoch millis, as the source saw it: a
     * letter may wait a moment before it is stored); the raw bytes are cut to the configured length.
     */
    default void record(long arrivedAtMillis, String source, String topic, byte[] raw, String reason) {
        recordAll(List.of(Letter.of(arrivedAtMillis, source, topic, raw, reason)));
    }

    /**
     * Records {@code letters} in one write: all of them or none (on SQLite one transaction, so one sync of the disk
     * for the lot); the raw bytes are cut to the configured length, and the bounds applied once, after them.
     */
    void recordAll(List<Letter> letters);

    /** Up to {@code limit} dead letters, newest first. */
    List<StoredDeadLetter> latest(int limit);

    /** How many dead letters are kept. */
    long count();
}
