package dev.rivulet.storage;

import java.util.Objects;

/**
 * One received reading to append to the {@link ReceiverLog}: opaque bytes and the batch time it belongs to.
 *
 * @param batchTime the time of the batch the reading was assigned to when it arrived (engine time, millis)
 * @param payload   the encoded reading; the store never looks inside. Not copied: do not change it afterwards.
 */
public record LogRecord(long batchTime, byte[] payload) {

    /** Checks that the payload is present. */
    public LogRecord {
        Objects.requireNonNull(payload, "payload");
    }
}
