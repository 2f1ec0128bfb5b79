package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Durations;
import java.time.Duration;

/**
 * Spark's rule for windows, with a message that says how to fix a wrong one: length and slide must be
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
        String unit = parentSlide == batchInterval
                ? "the batch interval " + Durations.format(parentSlide)
                : "the parent stream's slide " + Durations.format(parentSlide);
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(operator + ": " + what + " " + (value == null ? "null" : Durations.format(value.toMillis()))
                    + " must be positive: use a multiple of " + unit);
        }
        long millis = value.toMillis();
        if (value.toNanos() % 1_000_000 != 0 || millis % parentSlide != 0) {
            long lower = Math.max(parentSlide, millis / parentSlide * parentSlide);
            long upper = (millis / parentSlide + 1) * parentSlide;
            throw new IllegalArgumentException(operator + ": " + what + " " + Durations.format(millis)
                    + " is not a multiple of " + unit + "; use " + Durations.format(lower) + " or " + Durations.format(upper));
        }
        return millis;
    }
}
