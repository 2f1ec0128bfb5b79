package dev.rivulet.alerts;

import dev.rivulet.streaming.State;
import java.util.Optional;

/**
 * The per-key state machine behind every alert rule:
 *
 * <pre>
 *            value ≥ high for N batches in a row
 *   clear ───────────────────────────────────────► raised
 *     ▲                                               │
 *     └──────────────── value &lt; low ─────────────────┘
 * </pre>
 *
 * One change is reported per transition, never one per batch; between {@code low} and {@code high} nothing
 * changes, so a value hovering at the mark does not flap.
 */
public final class Hysteresis {

    /** The state kept per key: whether raised, and how many batches in a row reached high. */
    public record Mark(boolean raised, int streak) {
    }

    private final double high;
    private final double low;
    private final int consecutive;

    public Hysteresis(double high, double low, int consecutive) {
        if (low > high) {
            throw new IllegalArgumentException("low " + low + " is above high " + high);
        }
        this.high = high;
        this.low = low;
        this.consecutive = consecutive;
    }

    /**
     * Feeds one batch's value.
     *
     * @return true if raised now, false if cleared now, empty if nothing changed
     */
    public Optional<Boolean> observe(double value, State<Mark> state) {
        Mark mark = state.getOption().orElse(new Mark(false, 0));
        if (mark.raised()) {
            if (value < low) {
                state.update(new Mark(false, 0));
                return Optional.of(false);
            }
            return Optional.empty();
        }
        int streak = value >= high ? mark.streak() + 1 : 0;
        if (streak >= consecutive) {
            state.update(new Mark(true, 0));
            return Optional.of(true);
        }
        state.update(new Mark(false, streak));
        return Optional.empty();
    }
}
