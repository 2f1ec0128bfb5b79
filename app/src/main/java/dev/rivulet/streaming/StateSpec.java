package dev.rivulet.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link PairDStream#mapWithState(StateSpec)} does: a mapping function, and optionally a timeout
 * and an initial state.
 *
 * @param <K> key type
 * @param <V> value type
 * @param <S> state type
 * @param <U> type of what the function returns for each record
 */
public final class StateSpec<K, V, S, U> {

    /** Called once per record with its key, value and the key's state; and once with no value on timeout. */
    @FunctionalInterface
    public interface Function<K, V, S, U> {

        /** Returns the record to emit, or null to emit nothing. */
        U apply(K key, java.util.Optional<V> value, State<S> state);
    }

    private final Function<K, V, S, U> function;
    private final Duration timeout;
    private final Map<K, S> initialState;

    private StateSpec(Function<K, V, S, U> function, Duration timeout, Map<K, S> initialState) {
        this.function = Objects.requireNonNull(function, "function");
        this.timeout = timeout;
        this.initialState = initialState;
    }

    /** A spec with the given mapping function, no timeout and no initial state. */
    public static <K, V, S, U> StateSpec<K, V, S, U> function(Function<K, V, S, U> function) {
        return new StateSpec<>(function, null, Map.of());
    }

    /**
     * Removes a key that saw no data for {@code idle}; the function is called one last time for it with
     * no value and {@link State#isTimingOut()} true. Timeouts are checked every batch (Spark checks them
     * only at its checkpoint interval, so it reports them later).
     */
    public StateSpec<K, V, S, U> timeout(Duration idle) {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("mapWithState: timeout must be positive, was " + idle);
        }
        return new StateSpec<>(function, idle, initialState);
    }

    /** State the keys start with. */
    public StateSpec<K, V, S, U> initialState(Map<K, S> state) {
        return new StateSpec<>(function, timeout, Map.copyOf(state));
    }

    /** The mapping function. */
    public Function<K, V, S, U> function() {
        return function;
    }

    /** The idle timeout, or null when keys never time out. */
    public Duration timeout() {
        return timeout;
    }

    /** The initial state. */
    public Map<K, S> initialState() {
        return initialState;
    }
}
