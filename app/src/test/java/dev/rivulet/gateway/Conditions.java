package dev.rivulet.gateway;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting on a running gateway without sleeping: until a condition holds, or a generous deadline. */
final class Conditions {

    private Conditions() {
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
