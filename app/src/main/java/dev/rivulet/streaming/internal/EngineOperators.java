package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.MapWithStateDStream.Step;
import dev.rivulet.streaming.Operators;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.StateSpec;
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
 * The engine's {@link Operators}: each method makes one operator class of this package. Registered in
 * {@code META-INF/services/dev.rivulet.streaming.Operators}, which is how the API finds it without naming it.
 */
public final class EngineOperators implements Operators {

    /** For {@link java.util.ServiceLoader}. */
    public EngineOperators() {
    }

    @Override
    public <T, U> DStream<U> map(DStream<T> parent, Function<? super T, ? extends U> f, String operator) {
        return new MappedDStream<>(parent, f, operator);
    }

    @Override
    public <T, U> DStream<U> flatMap(DStream<T> parent, Function<? super T, ? extends Iterable<? extends U>> f,
                                     String operator) {
        return new FlatMappedDStream<>(parent, f, operator);
    }

    @Override
    public <T> DStream<T> filter(DStream<T> parent, Predicate<? super T> predicate) {
        return new FilteredDStream<>(parent, predicate);
    }

    @Override
    public <T, U> DStream<U> mapPartitions(DStream<T> parent,
                                           Function<? super Iterator<T>, ? extends Iterator<? extends U>> f,
                                           String operator) {
        return new PartitionMappedDStream<>(parent, f, operator);
    }

    @Override
    public <T, U> DStream<U> transform(DStream<T> parent,
                                       Function<? super Batch<T>, ? extends Collection<? extends U>> f) {
        return new TransformedDStream<>(parent, f);
    }

    @Override
    public <U> DStream<U> transformAll(List<? extends DStream<?>> parents,
                                       Function<? super List<Batch<?>>, ? extends Collection<? extends U>> f,
                                       String operator) {
        return new TransformedWithDStream<>(parents, f, operator);
    }

    @Override
    public <T> DStream<Long> count(DStream<T> parent) {
        return new CountedDStream<>(parent);
    }

    @Override
    public <T> DStream<Pair<T, Long>> countByValue(DStream<T> parent) {
        return new CountedByValueDStream<>(parent);
    }

    @Override
    public <T> DStream<T> reduce(DStream<T> parent, BinaryOperator<T> f) {
        return new ReducedDStream<>(parent, f);
    }

    @Override
    public <T> DStream<T> window(DStream<T> parent, Duration length, Duration slide, String operator) {
        return new WindowedDStream<>(parent, length, slide, operator);
    }

    @Override
    public <K, V> DStream<Pair<K, V>> reduceByKey(DStream<Pair<K, V>> parent, BinaryOperator<V> f) {
        return new ReducedByKeyDStream<>(parent, f);
    }

    @Override
    public <K, V> DStream<Pair<K, List<V>>> groupByKey(DStream<Pair<K, V>> parent) {
        return new GroupedByKeyDStream<>(parent);
    }

    @Override
    public <K, V, C> DStream<Pair<K, C>> combineByKey(DStream<Pair<K, V>> parent,
                                                      Function<? super V, ? extends C> createCombiner,
                                                      BiFunction<? super C, ? super V, ? extends C> mergeValue) {
        return new CombinedByKeyDStream<>(parent, createCombiner, mergeValue);
    }

    @Override
    public <K, V, W> DStream<Pair<K, Pair<List<V>, List<W>>>> cogroup(DStream<Pair<K, V>> left,
                                                                      DStream<Pair<K, W>> right) {
        return new CoGroupedDStream<>(left, right);
    }

    @Override
    public <K, V, W> DStream<Pair<K, Pair<V, Optional<W>>>> join(DStream<Pair<K, V>> left, DStream<Pair<K, W>> right,
                                                                 boolean keepUnmatched) {
        return new JoinedDStream<>(left, right, keepUnmatched);
    }

    @Override
    public <K, V> DStream<Pair<K, V>> reduceByKeyAndWindow(DStream<Pair<K, V>> parent, BinaryOperator<V> f,
                                                           BinaryOperator<V> inverse, Duration length, Duration slide,
                                                           Predicate<? super Pair<K, V>> keep) {
        return new ReducedWindowedDStream<>(parent, f, inverse, length, slide, keep);
    }

    @Override
    public <K, V, S> DStream<Pair<K, S>> updateStateByKey(DStream<Pair<K, V>> parent,
                                                          BiFunction<List<V>, Optional<S>, Optional<S>> update,
                                                          Map<K, S> initialState) {
        return new StateDStream<>(parent, update, initialState);
    }

    @Override
    public <K, V, S, U> DStream<Step<K, S, U>> mapWithState(DStream<Pair<K, V>> parent, StateSpec<K, V, S, U> spec) {
        return new KeyedStateDStream<>(parent, spec);
    }
}
