package dev.rivulet.streaming.clock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A clock that moves only when told to, for tests.
 *
 * <p>A {@code StreamingContext} started with a manual clock runs no threads of its own: every
 * {@link #advance(Duration)} runs, on the calling thread, each batch whose boundary the clock has
 * passed. Tests therefore never sleep and never race.
 *
 * <p>{@link #jumpWallClock(Duration)} moves only the wall time, as an NTP sync does.
 */
public final class ManualClock implements Clock {

    private final Object lock = new Object();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long nanos;
    private long wallMillis;
    /** The deadlines of the threads sleeping on this clock now. */
    private final List<Long> sleeping = new java.util.ArrayList<>();

    /** A clock whose monotonic and wall readings both start at zero. */
    public ManualClock() {
        this(0L);
    }

    /** A clock whose wall time starts at {@code wallMillis} and monotonic time at zero. */
    public ManualClock(long wallMillis) {
        this.wallMillis = wallMillis;
    }

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return nanos;
        }
    }

    @Override
    public long wallTimeMillis() {
        synchronized (lock) {
            return wallMillis;
        }
    }

    /** Moves both readings forward, then tells every listener (the streaming context runs due batches). */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: advance(" + step + ")");
        }
        synchronized (lock) {
            nanos += step.toNanos();
            wallMillis += step.toMillis();
            lock.notifyAll();
        }
        for (Runnable listener : listeners) {
            listener.run();
        }
    }

    /** Moves only the wall time, by any amount, backwards included: what an NTP sync after boot does. */
    public void jumpWallClock(Duration jump) {
        synchronized (lock) {
            wallMillis += jump.toMillis();
        }
    }

    /** Waits for another thread to advance the clock past the deadline. */
    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            if (nanos >= deadlineNanos) {
                return;
            }
            Long deadline = deadlineNanos;
            sleeping.add(deadline);
            lock.notifyAll();
            try {
                while (nanos < deadlineNanos) {
                    lock.wait();
                }
            } finally {
                sleeping.remove(deadline);
            }
        }
    }

    /**
     * Waits until {@code threads} threads sleep on this clock for a time still ahead: a thread paced on it (a
     * simulated source) has then done everything due up to now, so a test can advance in step with it, without
     * waiting on real time.
     */
    public void awaitSleepers(int threads) throws InterruptedException {
        synchronized (lock) {
            while (sleeping.stream().filter(deadline -> deadline > nanos).count() < threads) {
                lock.wait();
            }
        }
    }

    /** Registers code to run after every {@link #advance(Duration)}; returns a handle that removes it. */
    @Override
    public Optional<Runnable> onAdvance(Runnable listener) {
        listeners.add(listener);
        return Optional.of(() -> listeners.remove(listener));
    }
}
