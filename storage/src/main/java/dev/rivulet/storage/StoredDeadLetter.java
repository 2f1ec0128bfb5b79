package dev.rivulet.storage;

import java.util.Arrays;

/**
 * A dead letter read back from the store: an input that could not be decoded or processed, as
 * {@link DeadLetters#recordAll(java.util.List)} kept it.
 *
 * @param id              its row id; larger ids were recorded later
 * @param arrivedAtMillis when it arrived, as its source saw it, or, recorded without that time, when it was
 *                        recorded, by the store's clock
 * @param source          where it came from (for instance {@code mqtt} or {@code gpio})
 * @param topic           the MQTT topic or pin name, may be null
 * @param raw             the raw bytes, cut to {@link StoreConfig#deadLetterMaxRawBytes()}
 * @param rawLength       the length of the raw bytes before cutting
 * @param reason          why it was rejected
 */
public record StoredDeadLetter(long id, long arrivedAtMillis, String source, String topic, byte[] raw, int rawLength,
                               String reason) {

    /** Row {@code id} of {@code letter}, its raw bytes copied and cut to {@code maxRawBytes}. */
    public static StoredDeadLetter cut(long id, DeadLetters.Letter letter, int maxRawBytes) {
        byte[] raw = letter.raw();
        return new StoredDeadLetter(id, letter.arrivedAtMillis(), letter.source(), letter.topic(),
                Arrays.copyOf(raw, Math.min(raw.length, maxRawBytes)), letter.rawLength(), letter.reason());
    }
}
