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
     * Told when the source has sent the broker its acknowledgement (the PUBACK) for a message with a
     * {@link Acknowledgement#delivery() delivery identity}: from then on the broker may reuse the packet id for a
     * new message, so whatever remembered the message as possibly resent can forget it. Called on the thread
     * that acknowledged; must not block.
     */
    default void released(Delivery delivery) {
    }
}
