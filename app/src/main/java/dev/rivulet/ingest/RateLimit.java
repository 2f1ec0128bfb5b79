package dev.rivulet.ingest;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * At most so many readings a second from one source, as Spark's {@code spark.streaming.receiver.maxRate} holds a
 * receiver back: {@link #acquire} waits on the pushing thread while the source is ahead of the rate. The engine holds
 * each batch's readings until the batch is computed, so a source that can be read as fast as the engine takes its
 * readings (a large file, a fast socket, a broker's backlog) would otherwise put as many into one batch as the heap
 * holds, and more. Short bursts pass without waiting ({@value #BURST_NANOS} ns worth of readings), and the source
 * waits only when it is more than {@value #MIN_WAIT_NANOS} ns ahead, so the rate holds on average without a sleep per
 * reading.
 */
public final class RateLimit {

    /** What a source may take at once after a pause, in time at the rate. */
    static final long BURST_NANOS = 50_000_000;
    /** The shortest wait: closer than this the source goes on and waits later, for longer. */
    static final long MIN_WAIT_NANOS = 2_000_000;

    /** Waits that many nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** No limit. */
    public static final RateLimit NONE = new RateLimit(0, System::nanoTime, nanos -> { });

    private final double nanosPerReading;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    /** When the next reading is due at the rate; never more than {@link #BURST_NANOS} in the past once taken. */
    private double due = Double.NEGATIVE_INFINITY;

    /** {@code perSecond} readings a second at most (0: no limit), timed by {@code nanoTime}, waiting with {@code sleeper}. */
    public RateLimit(int perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("a rate of " + perSecond + " readings a second");
        }
        this.nanosPerReading = perSecond == 0 ? 0 : 1e9 / perSecond;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** {@code perSecond} readings a second at most (0: no limit), on the system's clock. */
    public static RateLimit of(int perSecond) {
        return perSecond == 0 ? NONE : new RateLimit(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Takes one reading's place, first waiting while the source is ahead of the rate. */
    public synchronized void acquire() throws InterruptedException {
        if (nanosPerReading == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        due = Math.max(due, now - BURST_NANOS) + nanosPerReading;
        long ahead = (long) due - now;
        if (ahead > MIN_WAIT_NANOS) {
            sleeper.sleep(ahead);
        }
    }
}
