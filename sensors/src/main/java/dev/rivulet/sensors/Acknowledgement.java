package dev.rivulet.sensors;

import dev.rivulet.sensors.recording.RecordedMessage;

/**
 * Tells a source that a reading it pushed is durable, so the source may release it upstream (for MQTT: send
 * the PUBACK). The consumer calls it once the reading is safe: in the write-ahead log, or for now after the
 * batch holding it completed. Implementations are safe to call from any thread, never block, and are
 * idempotent: a second call does nothing.
 */
@FunctionalInterface
public interface Acknowledgement {
    /** For readings nobody upstream waits on (QoS 0, the simulator, a file). */
    Acknowledgement NONE = () -> { };

    void acknowledge();

    /**
     * The broker message the reading came in, for a consumer that recognises redeliveries; null when the source
     * has no such identity (QoS 0, GPIO, the simulator).
     */
    default Delivery delivery() {
        return null;
    }

    /**
     * The message the reading was decoded from, as it arrived (topic, payload, arrival time), for a consumer that
     * archives its input; null when the source has none (GPIO, the simulator). Every reading of one message
     * answers the same instance.
     */
    default RecordedMessage message() {
        return null;
    }

    /**
     * Where in a file the reading was read, for a consumer that keeps how far each file was read; null when the source
     * reads no files.
     */
    default FilePosition position() {
        return null;
    }

    /** Nothing to acknowledge (QoS 0), but the reading came in {@code message}. */
    static Acknowledgement none(RecordedMessage message) {
        return new Acknowledgement() {
            @Override
            public void acknowledge() {
                // QoS 0: the broker waits for nothing.
            }

            @Override
            public RecordedMessage message() {
                return message;
            }
        };
    }
}
