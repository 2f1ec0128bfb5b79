package dev.rivulet.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A backoff sleeper that never sleeps: it records each delay and then waits for the test to let the forwarder
 * go on ({@link #allow}), so a test steps through the backoff instead of racing it.
 */
final class SteppingSleeper implements BackoffSleeper {

    private final List<Duration> delays = new ArrayList<>();
    private long permits;

    /** A sleeper that lets every wait pass at once. */
    static SteppingSleeper unlimited() {
        SteppingSleeper sleeper = new SteppingSleeper();
        sleeper.allow(Long.MAX_VALUE / 2);
        return sleeper;
    }

    @Override
    public synchronized void sleep(Duration delay) throws InterruptedException {
        delays.add(delay);
        notifyAll();
        while (permits == 0) {
            wait();
        }
        permits--;
    }

    /** Lets {@code count} more waits end. */
    synchronized void allow(long count) {
        permits += count;
        notifyAll();
    }

    synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /** Waits until the forwarder asked to back off {@code count} times; false on timeout. */
    synchronized boolean awaitSleeps(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (delays.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
