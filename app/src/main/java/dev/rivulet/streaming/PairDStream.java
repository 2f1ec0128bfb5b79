package dev.rivulet.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of key–value pairs, with the operators that need keys: Spark's {@code JavaPairDStream}.
 * A view over a {@code DStream<Pair<K, V>>}, which {@link #stream()} returns for everything else.
 *
 * <p>Variants taking a partition count or a {@link Partitioner} exist for source compatibility with Spark: a
 * batch is one partition in one process, so they change nothing and give the same stream as without.
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
        return new PairDStream<>(Installed.OPERATORS.<Pair<K, V>, Pair<K, W>>map(
                stream, pair -> Pair.of(pair.key(), f.apply(pair.value())), "mapValues"));
    }

    /** Applies {@code f} to every value and keeps every value of the collection it returns, under the same key. */
    public <W> PairDStream<K, W> flatMapValues(Function<? super V, ? extends Iterable<? extends W>> f) {
        return new PairDStream<>(Installed.OPERATORS.<Pair<K, V>, Pair<K, W>>flatMap(stream, pair -> {
            List<Pair<K, W>> out = new ArrayList<>();
            for (W value : f.apply(pair.value())) {
                out.add(Pair.of(pair.key(), value));
            }
            return out;
        }, "flatMapValues"));
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
        return new PairDStream<>(Installed.OPERATORS.reduceByKey(stream, f));
    }

    /** As {@link #reduceByKey(BinaryOperator)}; the partition count changes nothing in one process. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return reduceByKey(f);
    }

    /** As {@link #reduceByKey(BinaryOperator)}; the partitioner changes nothing in one process. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> f, Partitioner partitioner) {
        return reduceByKey(f);
    }

    /** Every value of the batch listed under its key. */
    public PairDStream<K, List<V>> groupByKey() {
        return new PairDStream<>(Installed.OPERATORS.groupByKey(stream));
    }

    /** As {@link #groupByKey()}; the partition count changes nothing in one process. */
    public PairDStream<K, List<V>> groupByKey(int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return groupByKey();
    }

    /** As {@link #groupByKey()}; the partitioner changes nothing in one process. */
    public PairDStream<K, List<V>> groupByKey(Partitioner partitioner) {
        return groupByKey();
    }

    /**
     * Per key present in the batch, {@code createCombiner} of its first value, then {@code mergeValue} of each
     * next one. {@code mergeCombiners} is accepted for Spark's signature and never called: a batch is one partition.
     */
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<? super C, ? super V, ? extends C> mergeValue,
                                              BinaryOperator<C> mergeCombiners) {
        return new PairDStream<>(Installed.OPERATORS.combineByKey(stream, createCombiner, mergeValue));
    }

    /** As {@link #combineByKey(Function, BiFunction, BinaryOperator)}; the partitioner changes nothing. */
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<? super C, ? super V, ? extends C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, Partitioner partitioner) {
        return combineByKey(createCombiner, mergeValue, mergeCombiners);
    }

    /** As {@link #combineByKey(Function, BiFunction, BinaryOperator)}; partitioner and map-side combining change nothing. */
    public <C> PairDStream<K, C> combineByKey(Function<? super V, ? extends C> createCombiner,
                                              BiFunction<? super C, ? super V, ? extends C> mergeValue,
                                              BinaryOperator<C> mergeCombiners, Partitioner partitioner,
                                              boolean mapSideCombine) {
        return combineByKey(createCombiner, mergeValue, mergeCombiners);
    }

    /**
     * For every key in either stream's batch of the same time, the values of each side (an empty list on a side
     * without the key). Both must have the same slide.
     */
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other) {
        return new PairDStream<>(Installed.OPERATORS.cogroup(stream, other.stream));
    }

    /** As {@link #cogroup(PairDStream)}; the partition count changes nothing in one process. */
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return cogroup(other);
    }

    /** As {@link #cogroup(PairDStream)}; the partitioner changes nothing in one process. */
    public <W> PairDStream<K, Pair<List<V>, List<W>>> cogroup(PairDStream<K, W> other, Partitioner partitioner) {
        return cogroup(other);
    }

    /** Every pair of values sharing a key in the two streams' batches of the same time. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other) {
        return new PairDStream<>(Installed.OPERATORS.join(stream, other.stream, false))
                .mapValues(joined -> Pair.of(joined.key(), joined.value().orElse(null)));
    }

    /** Like {@link #join}, and every value of this stream with no match, paired with empty. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return new PairDStream<>(Installed.OPERATORS.join(stream, other.stream, true));
    }

    /** As {@link #join(PairDStream)}; the partition count changes nothing in one process. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return join(other);
    }

    /** As {@link #join(PairDStream)}; the partitioner changes nothing in one process. */
    public <W> PairDStream<K, Pair<V, W>> join(PairDStream<K, W> other, Partitioner partitioner) {
        return join(other);
    }

    /** As {@link #leftOuterJoin(PairDStream)}; the partition count changes nothing in one process. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return leftOuterJoin(other);
    }

    /** As {@link #leftOuterJoin(PairDStream)}; the partitioner changes nothing in one process. */
    public <W> PairDStream<K, Pair<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other, Partitioner partitioner) {
        return leftOuterJoin(other);
    }

    /** Like {@link #join}, and every value of {@code other} with no match, paired with empty. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return new PairDStream<>(cogroup(other).stream().flatMap(group -> {
            List<Pair<K, Pair<Optional<V>, W>>> out = new ArrayList<>();
            List<V> lefts = group.value().key();
            for (W right : group.value().value()) {
                if (lefts.isEmpty()) {
                    out.add(Pair.of(group.key(), Pair.of(Optional.empty(), right)));
                }
                for (V left : lefts) {
                    out.add(Pair.of(group.key(), Pair.of(Optional.ofNullable(left), right)));
                }
            }
            return out;
        }));
    }

    /** As {@link #rightOuterJoin(PairDStream)}; the partition count changes nothing in one process. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return rightOuterJoin(other);
    }

    /** As {@link #rightOuterJoin(PairDStream)}; the partitioner changes nothing in one process. */
    public <W> PairDStream<K, Pair<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other, Partitioner partitioner) {
        return rightOuterJoin(other);
    }

    /** Every pair of values sharing a key, and every value of either side with no match, paired with empty. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other) {
        return new PairDStream<>(cogroup(other).stream().flatMap(group -> {
            List<Pair<K, Pair<Optional<V>, Optional<W>>>> out = new ArrayList<>();
            List<V> lefts = group.value().key();
            List<W> rights = group.value().value();
            if (lefts.isEmpty()) {
                rights.forEach(right -> out.add(Pair.of(group.key(), Pair.of(Optional.empty(), Optional.ofNullable(right)))));
            } else if (rights.isEmpty()) {
                lefts.forEach(left -> out.add(Pair.of(group.key(), Pair.of(Optional.ofNullable(left), Optional.empty()))));
            } else {
                for (V left : lefts) {
                    for (W right : rights) {
                        out.add(Pair.of(group.key(), Pair.of(Optional.ofNullable(left), Optional.ofNullable(right))));
                    }
                }
            }
            return out;
        }));
    }

    /** As {@link #fullOuterJoin(PairDStream)}; the partition count changes nothing in one process. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return fullOuterJoin(other);
    }

    /** As {@link #fullOuterJoin(PairDStream)}; the partitioner changes nothing in one process. */
    public <W> PairDStream<K, Pair<Optional<V>, Optional<W>>> fullOuterJoin(PairDStream<K, W> other,
                                                                           Partitioner partitioner) {
        return fullOuterJoin(other);
    }

    /** Applies a function to this stream's batch and {@code other}'s of the same time; see {@link DStream#transformWith}. */
    public <U, W> DStream<W> transformWith(DStream<U> other,
            BiFunction<? super Batch<Pair<K, V>>, ? super Batch<U>, ? extends java.util.Collection<? extends W>> f) {
        return stream.transformWith(other, f);
    }

    /** Same as {@link #transformWith} for a function that returns pairs. */
    public <U, K2, V2> PairDStream<K2, V2> transformWithToPair(DStream<U> other,
            BiFunction<? super Batch<Pair<K, V>>, ? super Batch<U>, ? extends java.util.Collection<Pair<K2, V2>>> f) {
        return stream.transformWithToPair(other, f);
    }

    /** As {@link DStream#repartition(int)}: the same pairs. */
    public PairDStream<K, V> repartition(int numPartitions) {
        return new PairDStream<>(stream.repartition(numPartitions));
    }

    /** Sets the checkpoint interval; see {@link DStream#checkpoint(Duration)}. */
    public PairDStream<K, V> checkpoint(Duration interval) {
        stream.checkpoint(interval);
        return this;
    }

    /** One record per batch: how many pairs it holds. */
    public DStream<Long> count() {
        return stream.count();
    }

    // ---------------------------------------------------------------- windows

    /** All pairs of the last {@code length} of batches, every batch. */
    public PairDStream<K, V> window(Duration length) {
        return window(length, stream.slideDuration());
    }

    /** All pairs of the last {@code length} of batches, every {@code slide}. */
    public PairDStream<K, V> window(Duration length, Duration slide) {
        return new PairDStream<>(Installed.OPERATORS.window(stream, length, slide, "window"));
    }

    /** Per key, every value of the last {@code length} of batches, every batch. */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length) {
        return groupByKeyAndWindow(length, stream.slideDuration());
    }

    /**
     * Per key with values in the window, every value of the last {@code length} of batches, every {@code slide},
     * oldest batch first: Spark's {@code groupByKey().window(length, slide)} merged per key.
     */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length, Duration slide) {
        PairDStream<K, List<V>> perBatch = groupByKey();
        return new PairDStream<>(Installed.OPERATORS.window(perBatch.stream, length, slide, "groupByKeyAndWindow"))
                .combineByKey((List<V> values) -> new ArrayList<>(values), (List<V> merged, List<V> values) -> {
                    List<V> all = new ArrayList<>(merged.size() + values.size());
                    all.addAll(merged);
                    all.addAll(values);
                    return all;
                }, (a, b) -> a);
    }

    /** As {@link #groupByKeyAndWindow(Duration, Duration)}; the partition count changes nothing. */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length, Duration slide, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return groupByKeyAndWindow(length, slide);
    }

    /** As {@link #groupByKeyAndWindow(Duration, Duration)}; the partitioner changes nothing. */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length, Duration slide, Partitioner partitioner) {
        return groupByKeyAndWindow(length, slide);
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
        return new PairDStream<>(Installed.OPERATORS.window(perBatch.stream, length, slide, "reduceByKeyAndWindow"))
                .reduceByKey(f);
    }

    /** As {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)}; the partition count changes nothing. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration length, Duration slide, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return reduceByKeyAndWindow(f, length, slide);
    }

    /** As {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)}; the partitioner changes nothing. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, Duration length, Duration slide,
                                                  Partitioner partitioner) {
        return reduceByKeyAndWindow(f, length, slide);
    }

    /**
     * Per key, the window's values, kept up to date incrementally: {@code inverse} removes the batches
     * that left the window ({@code (a, b) -> a - b} for a sum). A key once seen is emitted at every later
     * slide, with 0 (for a sum) once its values have left.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide) {
        return new PairDStream<>(Installed.OPERATORS.reduceByKeyAndWindow(stream, f, inverse, length, slide, null));
    }

    /** As {@link #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration)}; keys for which {@code keep} is false are dropped from the window's state. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide, Predicate<? super Pair<K, V>> keep) {
        return new PairDStream<>(Installed.OPERATORS.reduceByKeyAndWindow(stream, f, inverse, length, slide, keep));
    }

    /** As the filtered incremental {@code reduceByKeyAndWindow}; the partition count changes nothing. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide, int numPartitions, Predicate<? super Pair<K, V>> keep) {
        Partitioner.checkCount(numPartitions);
        return reduceByKeyAndWindow(f, inverse, length, slide, keep);
    }

    /** As the filtered incremental {@code reduceByKeyAndWindow}; the partitioner changes nothing. */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> f, BinaryOperator<V> inverse, Duration length,
                                                  Duration slide, Partitioner partitioner,
                                                  Predicate<? super Pair<K, V>> keep) {
        return reduceByKeyAndWindow(f, inverse, length, slide, keep);
    }

    // ---------------------------------------------------------------- state

    /**
     * State per key across batches: {@code update(newValues, previousState)} runs for every key in the state
     * and every key in the batch, once per batch; returning empty removes the key.
     */
    public <S> PairDStream<K, S> updateStateByKey(BiFunction<List<V>, Optional<S>, Optional<S>> update) {
        return new PairDStream<>(Installed.OPERATORS.updateStateByKey(stream, update, Map.of()));
    }

    /** As {@link #updateStateByKey(BiFunction)}; the partition count changes nothing in one process. */
    public <S> PairDStream<K, S> updateStateByKey(BiFunction<List<V>, Optional<S>, Optional<S>> update,
                                                  int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return updateStateByKey(update);
    }

    /** As {@link #updateStateByKey(BiFunction)}; the partitioner changes nothing in one process. */
    public <S> PairDStream<K, S> updateStateByKey(BiFunction<List<V>, Optional<S>, Optional<S>> update,
                                                  Partitioner partitioner) {
        return updateStateByKey(update);
    }

    /**
     * As {@link #updateStateByKey(BiFunction)}, starting from {@code initialState}: at the first batch its keys
     * are updated like keys already in the state, with the batch's values or none (Spark's initial RDD).
     */
    public <S> PairDStream<K, S> updateStateByKey(BiFunction<List<V>, Optional<S>, Optional<S>> update,
                                                  Partitioner partitioner, Map<K, S> initialState) {
        return new PairDStream<>(Installed.OPERATORS.updateStateByKey(stream, update, initialState));
    }

    /** State per key, updated record by record by the spec's function, with an optional idle timeout. */
    public <S, U> MapWithStateDStream<K, V, S, U> mapWithState(StateSpec<K, V, S, U> spec) {
        return new MapWithStateDStream<>(Installed.OPERATORS.mapWithState(stream, spec));
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
