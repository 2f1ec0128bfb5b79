package dev.rivulet.streaming.clock;

import java.util.concurrent.locks.LockSupport;

/** The machine's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
public final class SystemClock implements Clock {

    /** The shared instance; the class holds no state. */
    public static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallTimeMillis() {
        return System.currentTimeMillis();
    }

    @Override
    public void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining;
        while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the next batch");
            }
        }
    }
}
