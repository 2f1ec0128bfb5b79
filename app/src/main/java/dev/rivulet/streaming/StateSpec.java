package dev.rivulet.streaming;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What {@link PairDStream#mapWithState(StateSpec)} does: a mapping function, and optionally a timeout
 * and an initial state. Spark's {@code StateSpec}.
 *
 * <p>Which function to pick:
 * <ul>
 *   <li>{@link #function(Function)}: {@code (key, value, state) -> record}. Every call emits what it returns,
 *   <b>null included</b> (a null record), exactly as Spark's Java API does. Use it when every record maps to
 *   one output.</li>
 *   <li>{@link #function(TimedFunction)}: {@code (batchTime, key, value, state) -> Optional<record>}. An empty
 *   Optional emits nothing. Use it to emit only sometimes (on a change, on a timeout).</li>
 * </ul>
 *
 * @param <K> key type
 * @param <V> value type
 * @param <S> state type
 * @param <U> type of what the function returns for each record
 */
public final class StateSpec<K, V, S, U> {

    /** Spark's {@code Function3}: called once per record, and once with no value when the key times out. */
    @FunctionalInterface
    public interface Function<K, V, S, U> {

        /** Returns the record to emit; null is emitted as a null record, as in Spark. */
        U apply(K key, Optional<V> value, State<S> state);
    }

    /** Spark's {@code Function4}: as {@link Function}, also given the batch time, emitting only when present. */
    @FunctionalInterface
    public interface TimedFunction<K, V, S, U> {

        /** Returns the record to emit, or empty to emit nothing. */
        Optional<U> apply(long batchTime, K key, Optional<V> value, State<S> state);
    }

    /** The function as the engine runs it: whatever it emits goes to {@code out}. */
    @FunctionalInterface
    public interface Mapping<K, V, S, U> {

        /** Runs the user's function once and hands what it emits to {@code out}. */
        void map(long batchTime, K key, Optional<V> value, State<S> state, Consumer<? super U> out);
    }

    private final Mapping<K, V, S, U> mapping;
    private final Duration timeout;
    private final Map<K, S> initialState;

    private StateSpec(Mapping<K, V, S, U> mapping, Duration timeout, Map<K, S> initialState) {
        this.mapping = mapping;
        this.timeout = timeout;
        this.initialState = initialState;
    }

    /**
     * A spec whose function emits exactly what it returns for every call, null included (Spark's
     * {@code StateSpec.function(Function3)}); no timeout, no initial state.
     */
    public static <K, V, S, U> StateSpec<K, V, S, U> function(Function<K, V, S, U> function) {
        Objects.requireNonNull(function, "function");
        return new StateSpec<>((time, key, value, state, out) -> out.accept(function.apply(key, value, state)),
                null, Map.of());
    }

    /**
     * A spec whose function emits its result when present and nothing when empty (Spark's
     * {@code StateSpec.function(Function4)}); no timeout, no initial state.
     */
    public static <K, V, S, U> StateSpec<K, V, S, U> function(TimedFunction<K, V, S, U> function) {
        Objects.requireNonNull(function, "function");
        return new StateSpec<>((time, key, value, state, out) -> {
            Optional<U> result = function.apply(time, key, value, state);
            if (result != null && result.isPresent()) {
                out.accept(result.get());
            }
        }, null, Map.of());
    }

    /**
     * Removes a key idle for at least {@code idle}, as Spark does: only at the batches where the state stream
     * is checkpointed — every 10 batch intervals unless {@link MapWithStateDStream#checkpoint(Duration)} says
     * otherwise, at batch times that are multiples of it from the zero time. So a key goes between
     * {@code idle} + 1 and {@code idle} + 10 batches after its last data, and data before that batch keeps it.
     * The function is called one last time for it with no value and {@link State#isTimingOut()} true.
     */
    public StateSpec<K, V, S, U> timeout(Duration idle) {
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("mapWithState: timeout must be positive, was " + idle);
        }
        return new StateSpec<>(mapping, idle, initialState);
    }

    /** State the keys start with, stamped with the first batch's time (Spark's {@code initialState(RDD)}). */
    public StateSpec<K, V, S, U> initialState(Map<K, S> state) {
        return new StateSpec<>(mapping, timeout, Map.copyOf(state));
    }

    /** Accepted for source compatibility with Spark; a batch is one partition, so it changes nothing. */
    public StateSpec<K, V, S, U> numPartitions(int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return this;
    }

    /** Accepted for source compatibility with Spark; a batch is one partition, so it changes nothing. */
    public StateSpec<K, V, S, U> partitioner(Partitioner partitioner) {
        Objects.requireNonNull(partitioner, "partitioner");
        return this;
    }

    /** The function as the engine runs it. */
    public Mapping<K, V, S, U> mapping() {
        return mapping;
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
