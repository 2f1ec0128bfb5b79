package dev.rivulet.sensors;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a source has seen: messages (or lines, or edges) received, readings decoded, payloads dead-lettered,
 * messages dropped (only QoS 0 or sources without flow control drop, when the buffer is full) and messages over
 * the size limit refused unread. Thread-safe.
 */
public final class SourceCounters {
    private final LongAdder received = new LongAdder();
    private final LongAdder decoded = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder oversized = new LongAdder();

    public long received() {
        return received.sum();
    }

    public long decoded() {
        return decoded.sum();
    }

    public long deadLettered() {
        return deadLettered.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    /** Messages over the source's size limit, refused without being decoded (and dead-lettered: also in {@link #deadLettered}). */
    public long oversized() {
        return oversized.sum();
    }

    public void addOversized(long n) {
        oversized.add(n);
    }

    public void addReceived(long n) {
        received.add(n);
    }

    public void addDecoded(long n) {
        decoded.add(n);
    }

    public void addDeadLettered(long n) {
        deadLettered.add(n);
    }

    public void addDropped(long n) {
        dropped.add(n);
    }

    @Override
    public String toString() {
        return "received=" + received() + " decoded=" + decoded() + " deadLettered=" + deadLettered() + " dropped=" + dropped() + " oversized=" + oversized();
    }
}
