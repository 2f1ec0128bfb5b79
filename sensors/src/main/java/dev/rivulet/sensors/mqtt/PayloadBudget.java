package dev.rivulet.sensors.mqtt;

import java.util.function.BooleanSupplier;

/**
 * The payload bytes a source holds between the broker and its acknowledgements, and the most it may hold.
 *
 * <p>The broker's flow control counts messages (MQTT 5's Receive Maximum, mosquitto's
 * {@code max_inflight_messages} for 3.1.1), not bytes: 65,535 messages in flight are 4 MB of door readings but
 * 4 GB of messages at the 64 KiB {@code max-message-bytes}. A source takes a message's bytes here when it
 * arrives and gives them back once the message is released (acknowledged to the broker, refused or dropped).
 * While the budget is spent a QoS 1 message waits on Paho's callback thread, so Paho stops reading the socket and
 * the broker keeps the rest in the session; a QoS 0 message is dropped, as when the buffer is full.
 *
 * <p>One message is always let in when nothing is held, so a message larger than the whole budget still passes,
 * alone.
 */
final class PayloadBudget {

    /** How often a waiting message looks again whether it should stop waiting (its connection lost). */
    private static final long LOOK_MILLIS = 100;

    private final long limit;
    private long held;
    private int waiting;
    private boolean closed;

    /** A budget of {@code limit} bytes. */
    PayloadBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a payload budget of " + limit + " bytes");
        }
        this.limit = limit;
    }

    /** Takes {@code bytes} if they fit now (or nothing is held); false, taking nothing, if not or once closed. */
    synchronized boolean tryTake(long bytes) {
        if (closed || !fits(bytes)) {
            return false;
        }
        held += bytes;
        return true;
    }

    /**
     * Takes {@code bytes}, waiting while they do not fit. Before each wait (at least every {@value #LOOK_MILLIS}
     * ms) runs {@code meanwhile}, which may help bytes come back, and gives up, taking nothing, when
     * {@code abandon} says so or the budget is closed. Both run under this budget's lock: they must not call it.
     *
     * @return whether the bytes were taken
     */
    synchronized boolean take(long bytes, BooleanSupplier abandon, Runnable meanwhile) throws InterruptedException {
        waiting++;
        try {
            while (!closed && !fits(bytes)) {
                if (abandon.getAsBoolean()) {
                    return false;
                }
                meanwhile.run();
                wait(LOOK_MILLIS);
            }
        } finally {
            waiting--;
        }
        if (closed) {
            return false;
        }
        held += bytes;
        return true;
    }

    /** Gives back {@code bytes} taken before, and wakes whoever waits for them. */
    synchronized void give(long bytes) {
        held -= bytes;
        notifyAll();
    }

    /** Takes nothing more from now on: whoever waits gives up. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Whether a message waits for bytes now. */
    synchronized boolean waiting() {
        return waiting > 0;
    }

    /** The bytes held now. */
    synchronized long held() {
        return held;
    }

    long limit() {
        return limit;
    }

    private boolean fits(long bytes) {
        return held == 0 || held + bytes <= limit;
    }
}
