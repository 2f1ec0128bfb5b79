package dev.rivulet.streaming.clock;

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
}
