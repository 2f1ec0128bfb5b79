package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for what a broker does to a running gateway (a refusal, a subscription, a message arriving) without polling:
 * the condition is checked, then checked again at each change the gateway reports ({@link Gateway#onChange}), until
 * it holds. Work the gateway's clock drives is not waited for here: {@link ManualTime} steps it.
 */
final class GatewayWatch {

    /** A broker on this machine answers in milliseconds; this bounds a test that would otherwise hang. */
    private static final Duration MOST = Duration.ofMinutes(1);

    private long changes;

    GatewayWatch(Gateway gateway) {
        gateway.onChange(this::changed);
    }

    private synchronized void changed() {
        changes++;
        notifyAll();
    }

    /**
     * Returns once {@code condition} holds, checked now and after each change; fails, saying {@code what}, if it
     * does not within a minute. The condition is checked outside this watch's lock: it may read the gateway while
     * a client thread reports the next change.
     */
    void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + MOST.toNanos();
        while (true) {
            long seen;
            synchronized (this) {
                seen = changes;
            }
            if (condition.getAsBoolean()) {
                return;
            }
            synchronized (this) {
                while (changes == seen) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        fail(what + ": no change brought it within " + MOST.toSeconds() + " s");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
    }
}
