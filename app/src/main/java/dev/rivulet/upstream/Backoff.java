package dev.rivulet.upstream;

import java.time.Duration;

/**
 * Capped exponential backoff: {@code min, 2·min, 4·min, …, max, max, …} until {@link #reset()}. Pure state, no
 * clock: the forwarder asks for the next delay and waits for it with its {@link BackoffSleeper}.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private Duration next;

    Backoff(Duration min, Duration max) {
        this.min = min;
        this.max = max;
        this.next = min;
    }

    /** The delay to wait now; the one after it doubles, up to the cap. */
    Duration next() {
        Duration now = next;
        // Doubling past the cap could overflow after many failures: clamp before it can.
        next = now.compareTo(max.dividedBy(2)) > 0 ? max : now.multipliedBy(2);
        return now;
    }

    /** A success: the next failure waits the minimum again. */
    void reset() {
        next = min;
    }
}
