package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A gateway's time in a test: a manual clock moved one batch interval at a time, in step with the simulated sources
 * paced on it. Batches run on the test's thread as the clock passes their boundary, so a test waits on no real
 * time for them: what took seconds of polling takes as long as the batches take to compute.
 */
final class ManualTime {

    /** 2025-11-21T04:40:00Z: a wall time on every batch grid a test uses. */
    static final long START = 1_763_700_000_000L;
    /** More batches than any condition here needs; past them the condition will not come. */
    private static final int MOST_BATCHES = 5_000;

    private final ManualClock clock;
    private final Duration interval;
    private int pacedSources;

    /** Moves by {@code interval}; {@code pacedSources} simulated sources sleep on the clock between readings. */
    ManualTime(Duration interval, int pacedSources) {
        this(interval, pacedSources, START);
    }

    /** Starting at wall time {@code startMillis} (after a checkpoint a test brings along). */
    ManualTime(Duration interval, int pacedSources, long startMillis) {
        this.clock = new ManualClock(startMillis);
        this.interval = interval;
        this.pacedSources = pacedSources;
    }

    /** From now on, {@code sources} simulated sources are paced on the clock (a life with other sources). */
    void pacedSources(int sources) {
        this.pacedSources = sources;
    }

    ManualClock clock() {
        return clock;
    }

    /** One batch interval on, then until the simulated sources have pushed what was due by then. */
    void step() throws InterruptedException {
        clock.advance(interval);
        clock.awaitSleepers(pacedSources);
    }

    /** Steps batch by batch until {@code condition} holds; fails, saying {@code what}, if it never does. */
    void until(String what, BooleanSupplier condition) throws InterruptedException {
        clock.awaitSleepers(pacedSources);
        for (int batch = 0; batch < MOST_BATCHES; batch++) {
            if (condition.getAsBoolean()) {
                return;
            }
            step();
        }
        fail(what + ": not after " + MOST_BATCHES + " batches of " + interval.toMillis() + " ms");
    }
}
