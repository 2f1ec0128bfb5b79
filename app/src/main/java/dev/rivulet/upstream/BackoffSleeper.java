package dev.rivulet.upstream;

import java.time.Duration;

/**
 * How the forwarder's thread waits while the link is down. The default waits on the forwarder's own monitor
 * (so {@link OutboxForwarder#close()} ends the wait at once); tests substitute one that records the delay and
 * returns, so they never sleep. A substitute must not block long: {@link OutboxForwarder#close()} waits for the
 * thread at most the publish timeout.
 */
@FunctionalInterface
public interface BackoffSleeper {

    /** Waits about {@code delay}. */
    void sleep(Duration delay) throws InterruptedException;
}
