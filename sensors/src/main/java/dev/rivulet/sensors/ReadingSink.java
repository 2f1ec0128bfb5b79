package dev.rivulet.sensors;

/** Where a source delivers readings; the engine's receiver implements it. */
@FunctionalInterface
public interface ReadingSink {
    /**
     * Hands over one reading with the hook to call once it is durable. May block while the consumer's buffer
     * is full: that is the backpressure, and sources call it only from threads of their own.
     */
    void push(Reading reading, Acknowledgement ack) throws InterruptedException;
}
