package dev.rivulet.streaming;

import java.time.Duration;

/**
 * Spark's rule for windows, slides and periods, written once: a length must be a positive whole multiple of the
 * grid it sits on (the batch interval, or the parent stream's slide once windowed). The engine refuses a wrong one
 * when a stream is built; the configuration reports it with its key before anything starts.
 */
public final class BatchGrid {

    private BatchGrid() {
    }

    /**
     * What is wrong with {@code value} on a grid of {@code gridMillis}, with the nearest values to use instead, or
     * null when it sits on the grid.
     *
     * @param gridName how the message names the grid, e.g. {@code the batch interval 10s}
     */
    public static String problem(Duration value, long gridMillis, String gridName) {
        if (value == null || value.isNegative() || value.isZero()) {
            return (value == null ? "null" : Durations.format(value.toMillis())) + " must be positive: use a multiple of "
                    + gridName;
        }
        long millis = value.toMillis();
        if (value.toNanos() % 1_000_000 == 0 && millis % gridMillis == 0) {
            return null;
        }
        long lower = Math.max(gridMillis, millis / gridMillis * gridMillis);
        long upper = (millis / gridMillis + 1) * gridMillis;
        return Durations.format(millis) + " is not a multiple of " + gridName + "; use " + Durations.format(lower)
                + " or " + Durations.format(upper);
    }

    /** How messages name the batch interval: {@code the batch interval 10s}. */
    public static String batchInterval(long intervalMillis) {
        return "the batch interval " + Durations.format(intervalMillis);
    }
}
