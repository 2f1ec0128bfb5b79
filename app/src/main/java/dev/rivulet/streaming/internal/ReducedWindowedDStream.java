package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.StreamingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * {@code reduceByKeyAndWindow} with an inverse function: the previous window's values, minus the
 * batches that left, plus the batches that entered. Costs the keys plus the new batch, not the window.
 *
 * <pre>
 *    |&lt;------- previous window -------&gt;|
 *              |&lt;------- current window --------&gt;|
 *    |_________|_______________________|_________|
 *     old batches  (kept, untouched)    new batches
 *     inverse out                       reduced in
 * </pre>
 *
 * The parent is reduced per batch first, so one partial value per key per batch is remembered, never
 * the raw records. Without a filter a key, once seen, stays forever (0 for a sum that left the window),
 * as in Spark.
 */
final class ReducedWindowedDStream<K, V> extends DStream<Pair<K, V>> {

    private final DStream<Pair<K, V>> reduced;
    private final BinaryOperator<V> f;
    private final BinaryOperator<V> inverse;
    private final Predicate<? super Pair<K, V>> filter;
    private final long lengthMillis;
    private final long slideMillis;

    /**
     * @param filter keeps a key in the window's state while it holds; null keeps every key
     */
    ReducedWindowedDStream(DStream<Pair<K, V>> parent, BinaryOperator<V> f, BinaryOperator<V> inverse,
                                  Duration length, Duration slide, Predicate<? super Pair<K, V>> filter) {
        super(parent.context(), "reduceByKeyAndWindow");
        long interval = parent.context().batchInterval().toMillis();
        this.lengthMillis = WindowCheck.lengthMillis(operator(), length, slideOf(parent), interval);
        this.slideMillis = WindowCheck.slideMillis(operator(), slide, slideOf(parent), interval);
        this.reduced = new ReducedByKeyDStream<>(parent, f);
        this.f = f;
        this.inverse = inverse;
        this.filter = filter;
    }

    @Override
    protected long slideMillis() {
        return slideMillis;
    }

    @Override
    protected List<DStream<?>> dependencies() {
        return List.of(reduced);
    }

    @Override
    protected long parentRememberExtraMillis() {
        return lengthMillis;
    }

    @Override
    protected boolean readsOwnPast() {
        return true;
    }

    @Override
    protected Optional<Batch<Pair<K, V>>> compute(long validTime) {
        long parentSlide = slideOf(reduced);
        long currentStart = validTime - lengthMillis + parentSlide;
        long previousEnd = validTime - slideMillis;
        long previousStart = currentStart - slideMillis;

        Map<K, V> old = reduceAll(batchesOf(reduced, previousStart, currentStart - parentSlide), validTime);
        Map<K, V> added = reduceAll(batchesOf(reduced, previousEnd + parentSlide, validTime), validTime);
        Map<K, V> window = new LinkedHashMap<>();
        batchOf(this, previousEnd).ifPresent(previous -> {
            for (Pair<K, V> pair : previous) {
                window.put(pair.key(), pair.value());
            }
        });

        List<Pair<K, V>> out = new ArrayList<>(window.size() + added.size());
        for (Map.Entry<K, V> entry : window.entrySet()) {
            K key = entry.getKey();
            V value = entry.getValue();
            V leaving = old.get(key);
            V entering = added.remove(key);
            try {
                if (leaving != null) {
                    value = inverse.apply(value, leaving);
                }
                if (entering != null) {
                    value = f.apply(value, entering);
                }
            } catch (StreamingException e) {
                throw e;
            } catch (RuntimeException e) {
                reportFailure(validTime, Pair.of(key, value), e);
            }
            keep(out, Pair.of(key, value), validTime);
        }
        // Keys with no previous value start from the new batches alone. (A key present only in leaving
        // batches can appear only when a filter removed it earlier; Spark fails the job there, we drop it.)
        for (Map.Entry<K, V> entry : added.entrySet()) {
            keep(out, Pair.of(entry.getKey(), entry.getValue()), validTime);
        }
        return Optional.of(batchOfList(validTime, out));
    }

    private void keep(List<Pair<K, V>> out, Pair<K, V> pair, long validTime) {
        try {
            if (filter == null || filter.test(pair)) {
                out.add(pair);
            }
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(validTime, pair, e);
        }
    }

    private Map<K, V> reduceAll(List<Batch<Pair<K, V>>> batches, long validTime) {
        Map<K, V> result = new HashMap<>();
        for (Batch<Pair<K, V>> batch : batches) {
            for (Pair<K, V> pair : batch) {
                try {
                    result.merge(pair.key(), pair.value(), f);
                } catch (StreamingException e) {
                    throw e;
                } catch (RuntimeException e) {
                    reportFailure(validTime, pair, e);
                }
            }
        }
        return result;
    }

    @Override
    protected String parameters() {
        return "length=" + lengthMillis;
    }
}
