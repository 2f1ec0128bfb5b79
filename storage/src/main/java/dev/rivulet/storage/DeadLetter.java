package dev.rivulet.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * An input that could not be decoded or processed.
 *
 * @param recordedAtMillis when it arrived, as its source saw it ({@link DeadLetters#record(long, String, String,
 *                         byte[], String)}), or else when it was recorded, by the store's clock
 * @param source           where it came from (for instance {@code mqtt} or {@code gpio})
 * @param topic            the MQTT topic or pin name, may be null
 * @param raw              the raw bytes, cut to {@link StoreConfig#deadLetterMaxRawBytes()}
 * @param rawLength        the length of the raw bytes before cutting
 * @param reason           why it was rejected
 */
public record DeadLetter(long recordedAtMillis, String source, String topic, byte[] raw, int rawLength,
                         String reason) {

    /** A dead letter of {@code timeMillis}, its raw bytes cut to {@code maxRawBytes}; source, raw and reason are required. */
    public static DeadLetter cut(long timeMillis, String source, String topic, byte[] raw, String reason,
                                 int maxRawBytes) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        return new DeadLetter(timeMillis, source, topic, Arrays.copyOf(raw, Math.min(raw.length, maxRawBytes)),
                raw.length, reason);
    }
}
