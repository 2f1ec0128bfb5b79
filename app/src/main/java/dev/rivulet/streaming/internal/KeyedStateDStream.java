package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.MapWithStateDStream.Stamped;
import dev.rivulet.streaming.MapWithStateDStream.Step;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.SingleParentDStream;
import dev.rivulet.streaming.State;
import dev.rivulet.streaming.StateSpec;
import dev.rivulet.streaming.StreamingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The state behind {@code mapWithState}: one {@link Step} per batch holding every key's state after the
 * batch and what the mapping function emitted. The function runs once per record, in batch order; then, at the
 * batches where Spark would checkpoint the state stream, once for every key idle for the timeout.
 *
 * <pre>
 *  batch k          0 … 8   9   10 … 18  19   20 …        default checkpoint interval: 10 batches
 *  timeout scan             ^            ^                at (k + 1) · B a multiple of the interval
 *  key "a", timeout 3 B: last data at k = 4 → idle from 8 on → removed at 9
 *                        last data at k = 7 → idle from 11 on → removed at 19 (data at 12 would keep it)
 * </pre>
 *
 * Scan batches follow from the zero time alone, which a checkpoint keeps, and each key's last-data time is
 * part of the state: a resumed run scans at the same batches with the same result.
 */
final class KeyedStateDStream<K, V, S, U> extends SingleParentDStream<Pair<K, V>, Step<K, S, U>> {

    /** Spark's {@code DEFAULT_CHECKPOINT_DURATION_MULTIPLIER}: the state stream is checkpointed every 10 slides. */
    static final int DEFAULT_CHECKPOINT_SLIDES = 10;

    private final StateSpec<K, V, S, U> spec;
    private final long timeoutMillis;

    KeyedStateDStream(DStream<Pair<K, V>> parent, StateSpec<K, V, S, U> spec) {
        super(parent, "mapWithState");
        this.spec = spec;
        this.timeoutMillis = spec.timeout() == null ? -1 : spec.timeout().toMillis();
    }

    @Override
    protected boolean readsOwnPast() {
        return true;
    }

    @Override
    protected Optional<Batch<Step<K, S, U>>> compute(long validTime) {
        Map<K, Stamped<S>> states = new HashMap<>();
        Optional<Batch<Step<K, S, U>>> previous = batchOf(this, validTime - slideMillis());
        if (previous.isPresent()) {
            states.putAll(previous.get().records().get(0).states());
        } else {
            spec.initialState().forEach((key, state) -> states.put(key, new Stamped<>(state, validTime)));
        }
        List<U> mapped = new ArrayList<>();
        MutableState<S> state = new MutableState<>();
        for (Pair<K, V> record : batchOf(parent(), validTime).map(Batch::records).orElse(List.of())) {
            Stamped<S> current = states.get(record.key());
            state.reset(current == null ? null : current.state(), current != null, false);
            if (call(record.key(), Optional.ofNullable(record.value()), state, mapped, validTime, record)) {
                if (state.removed) {
                    states.remove(record.key());
                } else if (state.updated || (state.exists && timeoutMillis > 0)) {
                    states.put(record.key(), new Stamped<>(state.value, validTime));
                }
            }
        }
        if (timeoutMillis > 0 && isScanTime(validTime)) {
            long threshold = validTime - timeoutMillis;
            for (Iterator<Map.Entry<K, Stamped<S>>> it = states.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<K, Stamped<S>> entry = it.next();
                if (entry.getValue().updatedAt() < threshold) {
                    state.reset(entry.getValue().state(), true, true);
                    call(entry.getKey(), Optional.empty(), state, mapped, validTime, entry.getKey());
                    it.remove();
                }
            }
        }
        return Optional.of(batchOfList(validTime, List.of(new Step<>(states, mapped))));
    }

    /** Whether Spark would checkpoint the state at {@code time}, and so remove timed-out keys. */
    private boolean isScanTime(long time) {
        return (time - zeroTime()) % scanIntervalMillis() == 0;
    }

    /** The checkpoint interval set on the stream, or Spark's default of 10 slides. */
    private long scanIntervalMillis() {
        long set = checkpointMillis();
        return set > 0 ? set : DEFAULT_CHECKPOINT_SLIDES * slideMillis();
    }

    private boolean call(K key, Optional<V> value, MutableState<S> state, List<U> mapped, long time, Object input) {
        try {
            spec.mapping().map(time, key, value, state, mapped::add);
            return true;
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(time, input, e);
            return false;
        }
    }

    /** The state handed to the mapping function: one instance reused for every call of a batch. */
    private static final class MutableState<S> implements State<S> {
        S value;
        boolean exists;
        boolean updated;
        boolean removed;
        boolean timingOut;

        void reset(S value, boolean exists, boolean timingOut) {
            this.value = value;
            this.exists = exists;
            this.timingOut = timingOut;
            this.updated = false;
            this.removed = false;
        }

        @Override
        public boolean exists() {
            return exists;
        }

        @Override
        public S get() {
            if (!exists) {
                throw new NoSuchElementException("the key has no state: check exists() first");
            }
            return value;
        }

        @Override
        public void update(S newState) {
            if (removed) {
                throw new IllegalArgumentException("cannot update the state after it has been removed");
            }
            if (timingOut) {
                throw new IllegalArgumentException("cannot update the state of a key that is timing out: return"
                        + " what the key's last output should be instead");
            }
            value = newState;
            exists = true;
            updated = true;
        }

        @Override
        public void remove() {
            if (timingOut) {
                throw new IllegalArgumentException("a timing-out key is removed anyway; do not remove it");
            }
            if (removed) {
                throw new IllegalArgumentException("the state was already removed");
            }
            value = null;
            exists = false;
            removed = true;
        }

        @Override
        public boolean isTimingOut() {
            return timingOut;
        }
    }

    @Override
    protected String parameters() {
        // The interval is named only when set, so checkpoints taken before it existed still fit.
        return "timeout=" + timeoutMillis + (checkpointMillis() > 0 ? ",checkpoint=" + checkpointMillis() : "");
    }
}
