package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.BatchGrid;
import dev.rivulet.streaming.Durations;
import java.time.Duration;

/**
 * Refuses a window or slide off the grid ({@link BatchGrid}), naming the operator: length and slide must be
 * positive whole multiples of the parent stream's slide (the batch interval, unless windowed already).
 */
final class WindowCheck {

    private WindowCheck() {
    }

    static long lengthMillis(String operator, Duration length, long parentSlide, long batchInterval) {
        return check(operator, "window length", length, parentSlide, batchInterval);
    }

    static long slideMillis(String operator, Duration slide, long parentSlide, long batchInterval) {
        return check(operator, "slide", slide, parentSlide, batchInterval);
    }

    private static long check(String operator, String what, Duration value, long parentSlide, long batchInterval) {
        String grid = parentSlide == batchInterval
                ? BatchGrid.batchInterval(parentSlide)
                : "the parent stream's slide " + Durations.format(parentSlide);
        String problem = BatchGrid.problem(value, parentSlide, grid);
        if (problem != null) {
            throw new IllegalArgumentException(operator + ": " + what + " " + problem);
        }
        return value.toMillis();
    }
}
