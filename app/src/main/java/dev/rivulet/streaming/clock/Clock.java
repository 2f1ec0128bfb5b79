package dev.rivulet.streaming.clock;

import java.util.Optional;

/**
 * The only source of time the engine reads.
 *
 * <p>Two readings, because they answer different questions. {@link #nanoTime()} is monotonic and
 * decides <em>when</em> a batch closes; {@link #wallTimeMillis()} is the calendar and only names the
 * first batch. A Pi without a battery-backed clock jumps its wall time when NTP syncs after boot;
 * because batch boundaries follow the monotonic reading, that jump never stretches or collapses a batch.
 */
public interface Clock {

    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in epoch milliseconds. */
    long wallTimeMillis();

    /**
     * Blocks the calling thread until {@link #nanoTime()} reaches {@code deadlineNanos}.
     *
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    void sleepUntil(long deadlineNanos) throws InterruptedException;

    /**
     * For a clock moved by hand: registers {@code listener} to run on the moving thread after every move, and
     * returns the handle that removes it. The engine then runs due batches on that thread and starts none of its
     * own. A clock that moves by itself (the system's) returns empty, and the engine waits on it with
     * {@link #sleepUntil} from a timer thread.
     */
    default Optional<Runnable> onAdvance(Runnable listener) {
        return Optional.empty();
    }
}
