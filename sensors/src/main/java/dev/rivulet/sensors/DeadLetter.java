package dev.rivulet.sensors;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A payload that could not become a reading: where it came from, its raw bytes as they arrived, why it was
 * refused and when (epoch millis). A source hands it to its sink at once, so the raw bytes are never held longer
 * than the message they came in; the store that keeps it cuts them to its own limit (the one declaration of how
 * many raw bytes a dead letter keeps).
 */
public record DeadLetter(String source, String topic, byte[] raw, String reason, long time) {

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        raw = raw == null ? new byte[0] : raw;
    }

    /** The raw bytes as UTF-8 text, for logs. */
    public String rawText() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeadLetter{" + source + " topic=" + topic + " reason=" + reason + " raw='" + rawText() + "' time=" + time + '}';
    }
}
