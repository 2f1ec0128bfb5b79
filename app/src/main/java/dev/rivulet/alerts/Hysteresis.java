package dev.rivulet.alerts;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.streaming.State;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 * changes, so a value hovering at the mark does not flap. A machine built with {@code clearAfter} above 1 clears
 * only after that many batches in a row below low (the storage-full alert: a nearly full disk that takes a write
 * now and then stays raised).
 */
public final class Hysteresis {

    /**
     * The state kept per key: whether raised, and how many batches in a row reached high (while clear) or stayed
     * below low (while raised; always 0 when {@code clearAfter} is 1).
     */
    public record Mark(boolean raised, int streak) {
    }

    /** The tag of a {@link Mark} in a checkpoint (RecordCodec's table): raised (boolean), then streak (int). */
    public static final int MARK_TAG = 14;

    /** Makes {@link Mark}s checkpointable in {@code codec}, so alert rules keep their state across restarts. */
    public static RecordCodec registerCodec(RecordCodec codec) {
        return codec.registerBuiltIn(MARK_TAG, Mark.class, new RecordCodec.NestedCodec<>() {
            @Override
            public void write(Mark mark, RecordCodec records, DataOutput out) throws IOException {
                out.writeBoolean(mark.raised());
                out.writeInt(mark.streak());
            }

            @Override
            public Mark read(RecordCodec records, DataInput in) throws IOException {
                return new Mark(in.readBoolean(), in.readInt());
            }
        });
    }

    private final double high;
    private final double low;
    private final int consecutive;
    private final int clearAfter;

    public Hysteresis(double high, double low, int consecutive) {
        this(high, low, consecutive, 1);
    }

    /** As the three-argument form, cleared only after {@code clearAfter} batches in a row below {@code low}. */
    public Hysteresis(double high, double low, int consecutive, int clearAfter) {
        if (low > high) {
            throw new IllegalArgumentException("low " + low + " is above high " + high);
        }
        if (clearAfter < 1) {
            throw new IllegalArgumentException("clearAfter must be at least 1 batch, was " + clearAfter);
        }
        this.high = high;
        this.low = low;
        this.consecutive = consecutive;
        this.clearAfter = clearAfter;
    }

    /**
     * Feeds one batch's value.
     *
     * @return true if raised now, false if cleared now, empty if nothing changed
     */
    public Optional<Boolean> observe(double value, State<Mark> state) {
        Mark mark = state.getOption().orElse(new Mark(false, 0));
        if (mark.raised()) {
            if (value >= low) {
                if (mark.streak() != 0) {
                    state.update(new Mark(true, 0));
                }
                return Optional.empty();
            }
            if (mark.streak() + 1 >= clearAfter) {
                state.update(new Mark(false, 0));
                return Optional.of(false);
            }
            state.update(new Mark(true, mark.streak() + 1));
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

    /** A machine for one key whose state is kept here, outside the engine's checkpointed state. */
    public OneKey forOneKey() {
        return new OneKey(this);
    }

    /** One key's machine with its own state; see {@link #forOneKey()}. Used on one thread. */
    public static final class OneKey {

        private final Hysteresis hysteresis;
        private Mark mark;

        private OneKey(Hysteresis hysteresis) {
            this.hysteresis = hysteresis;
        }

        /** Feeds one batch's value; as {@link Hysteresis#observe}. */
        public Optional<Boolean> observe(double value) {
            return hysteresis.observe(value, new State<>() {
                @Override
                public boolean exists() {
                    return mark != null;
                }

                @Override
                public Mark get() {
                    return getOption().orElseThrow();
                }

                @Override
                public Optional<Mark> getOption() {
                    return Optional.ofNullable(mark);
                }

                @Override
                public void update(Mark newState) {
                    mark = newState;
                }

                @Override
                public void remove() {
                    mark = null;
                }

                @Override
                public boolean isTimingOut() {
                    return false;
                }
            });
        }
    }
}
