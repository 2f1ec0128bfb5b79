package dev.rivulet.streaming;

/**
 * A receiver's counters at one moment.
 *
 * @param name      the receiver's name
 * @param accepted  records taken since start
 * @param dropped   records refused by {@link Receiver#offer} because the buffer was full
 * @param blocked   times {@link Receiver#push} had to wait for room (backpressure applied)
 * @param buffered  records waiting for the engine now
 * @param capacity  the most records the buffer holds
 */
public record ReceiverStats(String name, long accepted, long dropped, long blocked, int buffered, int capacity) {
}
