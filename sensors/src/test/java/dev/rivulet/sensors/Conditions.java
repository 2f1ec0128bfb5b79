package dev.rivulet.sensors;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline, for tests that must not sleep a fixed time. */
public final class Conditions {
    private Conditions() {
    }

    /** Polls {@code condition} until true, failing with {@code what} after a generous minute (a running gateway). */
    public static void await(String what, BooleanSupplier condition) {
        await(condition, Duration.ofMinutes(1), () -> what);
    }

    /** Polls {@code condition} until true, failing with {@code what} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(2_000_000);
        }
    }
}
