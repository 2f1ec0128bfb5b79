package dev.rivulet.sensors.recording;

import java.util.Objects;

/**
 * One MQTT message as a recording holds it: when it arrived, its topic and its payload, as the broker gave them.
 *
 * @param time    arrival time, milliseconds since the epoch
 * @param topic   the topic it was published to
 * @param payload the payload's bytes (not copied: the caller hands them over)
 */
public record RecordedMessage(long time, String topic, byte[] payload) {

    public RecordedMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }
}
