package dev.rivulet.storage;

import java.util.Objects;

/**
 * A message to publish upstream.
 *
 * @param id       stable id, the same every time the same output is produced (for instance rule, key and batch
 *                 time), so an output regenerated after a restart is recognised and not sent twice
 * @param topic    the MQTT topic
 * @param payload  the bytes to publish
 * @param qos      MQTT quality of service, 0 to 2
 * @param retained MQTT retained flag
 */
public record OutboxMessage(String id, String topic, byte[] payload, int qos, boolean retained) {

    /** Checks the arguments. */
    public OutboxMessage {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("an outbox message needs a non-empty id");
        }
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("outbox message '" + id + "' needs a non-empty topic");
        }
        Objects.requireNonNull(payload, "payload");
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("outbox message '" + id + "': qos must be 0, 1 or 2, was " + qos);
        }
    }
}
