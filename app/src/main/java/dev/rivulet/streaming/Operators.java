package dev.rivulet.streaming;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How the engine's stream types make a new stream: one method per operator class. The API declares it and
 * {@code dev.rivulet.streaming.internal} implements it, registered as a {@link java.util.ServiceLoader} service,
 * so the arrow runs one way (internal imports the API, never the reverse) and an operator stays one small class
 * that no public signature names. Not for user code: build streams with {@link DStream}'s and
 * {@link PairDStream}'s methods.
 *
 * <p>{@code operator} is the name a stream reports in errors and checkpoints ({@code "map"}, {@code "mapValues"}).
 */
public interface Operators {

    /** One record out for every record in. */
    <T, U> DStream<U> map(DStream<T> parent, Function<? super T, ? extends U> f, String operator);

    /** Every record of the collection {@code f} returns for each record in. */
    <T, U> DStream<U> flatMap(DStream<T> parent, Function<? super T, ? extends Iterable<? extends U>> f,
                              String operator);

    /** The records for which {@code predicate} holds. */
    <T> DStream<T> filter(DStream<T> parent, Predicate<? super T> predicate);

    /** {@code f} of an iterator over each whole batch. */
    <T, U> DStream<U> mapPartitions(DStream<T> parent, Function<? super Iterator<T>, ? extends Iterator<? extends U>> f,
                                    String operator);

    /** {@code f} of each whole batch. */
    <T, U> DStream<U> transform(DStream<T> parent, Function<? super Batch<T>, ? extends Collection<? extends U>> f);

    /** {@code f} of several streams' batches of the same time, in the order of {@code parents}. */
    <U> DStream<U> transformAll(List<? extends DStream<?>> parents,
                                Function<? super List<Batch<?>>, ? extends Collection<? extends U>> f, String operator);

    /** How many records each batch holds. */
    <T> DStream<Long> count(DStream<T> parent);

    /** How many times each distinct record occurs in the batch. */
    <T> DStream<Pair<T, Long>> countByValue(DStream<T> parent);

    /** Each batch folded to one record. */
    <T> DStream<T> reduce(DStream<T> parent, BinaryOperator<T> f);

    /** All records of the last {@code length} of batches, every {@code slide}. */
    <T> DStream<T> window(DStream<T> parent, Duration length, Duration slide, String operator);

    /** One value per key present in the batch. */
    <K, V> DStream<Pair<K, V>> reduceByKey(DStream<Pair<K, V>> parent, BinaryOperator<V> f);

    /** Every value of the batch under its key. */
    <K, V> DStream<Pair<K, List<V>>> groupByKey(DStream<Pair<K, V>> parent);

    /** Per key, {@code createCombiner} of the first value, then {@code mergeValue} of each next one. */
    <K, V, C> DStream<Pair<K, C>> combineByKey(DStream<Pair<K, V>> parent, Function<? super V, ? extends C> createCombiner,
                                               BiFunction<? super C, ? super V, ? extends C> mergeValue);

    /** Per key in either batch, the values of both. */
    <K, V, W> DStream<Pair<K, Pair<List<V>, List<W>>>> cogroup(DStream<Pair<K, V>> left, DStream<Pair<K, W>> right);

    /** Every pair of values sharing a key; with {@code keepUnmatched}, left values with no match too. */
    <K, V, W> DStream<Pair<K, Pair<V, Optional<W>>>> join(DStream<Pair<K, V>> left, DStream<Pair<K, W>> right,
                                                          boolean keepUnmatched);

    /** Per key, the window's values kept up to date incrementally; {@code keep} may be null (keep every key). */
    <K, V> DStream<Pair<K, V>> reduceByKeyAndWindow(DStream<Pair<K, V>> parent, BinaryOperator<V> f,
                                                    BinaryOperator<V> inverse, Duration length, Duration slide,
                                                    Predicate<? super Pair<K, V>> keep);

    /** State per key, updated once per batch. */
    <K, V, S> DStream<Pair<K, S>> updateStateByKey(DStream<Pair<K, V>> parent,
                                                   BiFunction<List<V>, Optional<S>, Optional<S>> update,
                                                   Map<K, S> initialState);

    /** State per key, updated record by record: one {@link MapWithStateDStream.Step} per batch. */
    <K, V, S, U> DStream<MapWithStateDStream.Step<K, S, U>> mapWithState(DStream<Pair<K, V>> parent,
                                                                         StateSpec<K, V, S, U> spec);
}
