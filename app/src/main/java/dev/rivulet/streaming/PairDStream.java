package dev.rivulet.streaming;

import dev.rivulet.streaming.operators.GroupedByKeyDStream;
import dev.rivulet.streaming.operators.JoinedDStream;
import dev.rivulet.streaming.operators.KeyedStateDStream;
import dev.rivulet.streaming.operators.MappedDStream;
import dev.rivulet.streaming.operators.ReducedByKeyDStream;
import dev.rivulet.streaming.operators.ReducedWindowedDStream;
import dev.rivulet.streaming.operators.StateDStream;
import dev.rivulet.streaming.operators.WindowedDStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of key–value pairs, with the operators that need keys: Spark's {@code JavaPairDStream}.
 * A view over a {@code DStream<Pair<K, V>>}, which {@link #stream()} returns for everything else.
 */
public final class PairDStream<K, V> {

    private final DStream<Pair<K, V>> stream;

    /** Views a stream of pairs as a pair stream. */
    public PairDStream(DStream<Pair<K, V>> stream) {
        this.stream = stream;
    }

    /** The underlying stream of pairs. */
    public DStream<Pair<K, V>> stream() {
        return stream;
    }

    // ---------------------------------------------------------------- per record

    /** Applies {@code f} to every value, keeping its key. */
    public <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> f) {
        return new PairDStream<>(new MappedDStream<Pair<K, V>, Pair<K, W>>(
                stream, pair -> Pair.of(pair.key(), f.apply(pair.value())), "mapValues"));
    }

    /** Applies {@code f} to every pair. */
    public <U> DStream<U> map(Function<? super Pair<K, V>, ? extends U> f) {
        return stream.map(f);
    }

    /** Turns every pair into another pair. */
    public <K2, V2> PairDStream<K2, V2> mapToPair(Function<? super Pair<K, V>, Pair<K2, V2>> f) {
        return stream.mapToPair(f);
    }

    /** Keeps the pairs for which {@code predicate} holds. */
    public PairDStream<K, V> filter(Predicate<? super Pair<K, V>> predicate) {
        return new PairDStream<>(stream.filter(predicate));
    }

    /** The pairs of this stream and of {@code other}, batch by batch. */
    public PairDStream<K, V> union(PairDStream<K, V> other) {
        return new PairDStream<>(stream.union(other.stream));
    }

    // ---------------------------------------------------------------- per batch

    /** One value per key present in the batch, folded with {@code f}. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f) {
        return new PairDStream<>(new ReducedByKeyDStream<>(stream, f));
    }

    /** Every value of the batch listed under its key. */
    public PairDStream<K, List<V>> groupByKey() {
        return new PairDStream<>(new GroupedByKeyDStream<>(stream));
    }

    /** Every pair of values sharing a key in the two streams' batches of the same time. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return new PairDStream<>(new JoinedDStream<>(stream, other.stream, false))
                .mapValues(joined -> Pair.of(joined.key(), joined.value().orElse(null)));
    }

    /** Like {@link #join}, and every value of this stream with no match, paired with empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return new PairDStream<>(new JoinedDStream<>(stream, other.stream, true));
    }

    /** One record per batch: how many pairs it holds. */
    public DStream<Long> count() {
        return stream.count();
    }

    // ---------------------------------------------------------------- windows

    /** All pairs of the last {@code length} of batches, every {@code slide}. */
    public PairDStream<K, V> window(Duration length, Duration slide) {
        return new PairDStream<>(new WindowedDStream<>(stream, length, slide, "window"));
    }

    /** Per key, the window's values folded with {@code f}, every batch. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration length) {
        return reduceByKeyAndWindow(f, length, stream.slideDuration());
    }

    /**
     * Per key, the window's values folded with {@code f}, every {@code slide}: the per-batch results are
     * remembered and folded again at each slide. Only keys with values in the window appear.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration length, Duration slide) {
        PairDStream<K, V> perBatch = reduceByKey(f);
        return new PairDStream<>(new WindowedDStream<>(perBatch.stream, length, slide, "reduceByKeyAndWindow"))
                .reduceByKey(f);
    }

    /**
     * Per key, the window's values, kept up to date incrementally: {@code inverse} removes the batches
     * that left the window ({@code (a, b) -> a - b} for a sum). A key once seen is emitted at every later
     * slide, with 0 (for a sum) once its values have left.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide) {
        return new PairDStream<>(new ReducedWindowedDStream<>(stream, f, inverse, length, slide, null));
    }

    /** As {@link #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration)}; keys for which {@code keep} is false are dropped from the window's state. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide, Predicate<? super Pair<K, V>> keep) {
        return new PairDStream<>(new ReducedWindowedDStream<>(stream, f, inverse, length, slide, keep));
    }

    // ---------------------------------------------------------------- state

    /**
     * State per key across batches: {@code update(newValues, previousState)} runs for every key in the state
     * and every key in the batch, once per batch; returning empty removes the key.
     */
    public <S> PairDStream<K, S> updateStateByKey(BiFunction<List<V>, Optional<S>, Optional<S>> update) {
        return new PairDStream<>(new StateDStream<>(stream, update));
    }

    /** State per key, updated record by record by the spec's function, with an optional idle timeout. */
    public <S, U> MapWithStateDStream<K, V, S, U> mapWithState(StateSpec<K, V, S, U> spec) {
        return new MapWithStateDStream<>(new KeyedStateDStream<>(stream, spec));
    }

    // ---------------------------------------------------------------- outputs

    /** Runs {@code action} on every batch; see {@link DStream#foreachBatch}. */
    public void foreachBatch(Consumer<? super Batch<Pair<K, V>>> action) {
        stream.foreachBatch(action);
    }

    /** Prints the first ten pairs of every batch. */
    public void print() {
        stream.print();
    }

    @Override
    public String toString() {
        return stream.toString();
    }
}
