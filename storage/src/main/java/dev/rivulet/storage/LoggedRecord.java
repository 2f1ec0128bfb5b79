package dev.rivulet.storage;

/**
 * A record read back from the {@link ReceiverLog}.
 *
 * @param sequence  its position in the log; strictly increasing, never reused, also across restarts
 * @param batchTime the batch time it was appended with
 * @param payload   the bytes it was appended with
 */
public record LoggedRecord(long sequence, long batchTime, byte[] payload) {
}
