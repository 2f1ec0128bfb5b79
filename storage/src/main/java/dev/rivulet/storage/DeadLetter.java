package dev.rivulet.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * An input that could not be decoded or processed.
 *
 * @param recordedAtMillis when it was recorded, by the store's clock
 * @param source           where it came from (for instance {@code mqtt} or {@code gpio})
 * @param topic            the MQTT topic or pin name, may be null
 * @param raw              the raw bytes, cut to {@link StoreConfig#deadLetterMaxRawBytes()}
 * @param rawLength        the length of the raw bytes before cutting
 * @param reason           why it was rejected
 */
public record DeadLetter(long recordedAtMillis, String source, String topic, byte[] raw, int rawLength,
                         String reason) {

    /** A dead letter recorded now, its raw bytes cut to {@code maxRawBytes}; source, raw and reason are required. */
    public static DeadLetter cut(long nowMillis, String source, String topic, byte[] raw, String reason,
                                 int maxRawBytes) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(reason, "reason");
        return new DeadLetter(nowMillis, source, topic, Arrays.copyOf(raw, Math.min(raw.length, maxRawBytes)),
                raw.length, reason);
    }
}
