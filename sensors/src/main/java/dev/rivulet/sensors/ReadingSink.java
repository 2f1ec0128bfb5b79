package dev.rivulet.sensors;

/** Where a source delivers readings; the engine's receiver implements it. */
@FunctionalInterface
public interface ReadingSink {
    /**
     * Hands over one reading with the hook to call once it is durable. May block while the consumer's buffer
     * is full: that is the backpressure, and sources call it only from threads of their own.
     */
    void push(Reading reading, Acknowledgement ack) throws InterruptedException;

    /**
     * Asks the consumer to make what was pushed so far durable now rather than at its own pace (the engine: log
     * its open block instead of waiting for it to fill or for the batch to end), so that acknowledgements come
     * back sooner. Safe from any thread; never blocks for long. Nothing to do for a consumer without such a pace.
     */
    default void flush() {
    }
}
