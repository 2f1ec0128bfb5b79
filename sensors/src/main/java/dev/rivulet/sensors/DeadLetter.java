package dev.rivulet.sensors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A payload that could not become a reading: where it came from, its raw bytes (cut to {@link #MAX_RAW_BYTES}),
 * why it was refused and when (epoch millis).
 */
public record DeadLetter(String source, String topic, byte[] raw, String reason, long time) {
    /** Raw bytes kept per dead letter; enough to see what went wrong, bounded so a flood cannot fill the heap. */
    public static final int MAX_RAW_BYTES = 1024;

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        raw = raw == null ? new byte[0] : raw.length > MAX_RAW_BYTES ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
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
