package dev.rivulet.sensors.recording;

import java.util.Objects;

/**
 * One MQTT message as a recording holds it: when it arrived, its topic and its payload, as the broker gave them;
 * from a gateway's input archive also the batch it was in and its place in the gateway's receiver log.
 *
 * @param time     arrival time, milliseconds since the epoch
 * @param topic    the topic it was published to
 * @param payload  the payload's bytes (not copied: the caller hands them over)
 * @param batch    the batch time the gateway gave it (archive member {@code batch}), or {@link #NO_BATCH}
 * @param sequence its sequence number in the gateway's receiver log (archive member {@code seq}), or 0
 */
public record RecordedMessage(long time, String topic, byte[] payload, long batch, long sequence) {

    /** A message recorded without its batch: a plain recording's. */
    public static final long NO_BATCH = Long.MIN_VALUE;

    public RecordedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    /** A message as a plain recording holds it: no batch, no sequence. */
    public RecordedMessage(long time, String topic, byte[] payload) {
        this(time, topic, payload, NO_BATCH, 0);
    }

    /** Whether the message comes from a gateway's archive, with the batch it was in live. */
    public boolean archived() {
        return batch != NO_BATCH;
    }
}
