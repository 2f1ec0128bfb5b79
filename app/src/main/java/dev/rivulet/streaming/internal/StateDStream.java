package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.SingleParentDStream;
import dev.rivulet.streaming.StreamingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code updateStateByKey}: state per key across batches. At every batch the update function runs once
 * for every key already in the state (with no new values if the key had none) and once for every new
 * key; returning empty removes the key. The batch lists every live key with its state.
 *
 * <p>An initial state, when given, stands for the previous state at the first batch: its keys are updated
 * there like any other (Spark's {@code updateStateByKey(f, partitioner, initialRDD)}).
 *
 * <p>When the update function throws, the key keeps its previous state and the key with its values is
 * reported.
 */
final class StateDStream<K, V, S> extends SingleParentDStream<Pair<K, V>, Pair<K, S>> {

    private final BiFunction<List<V>, Optional<S>, Optional<S>> update;
    private final List<Pair<K, S>> initialState;

    StateDStream(DStream<Pair<K, V>> parent, BiFunction<List<V>, Optional<S>, Optional<S>> update,
                        Map<K, S> initialState) {
        super(parent, "updateStateByKey");
        this.update = update;
        List<Pair<K, S>> initial = new ArrayList<>(initialState.size());
        initialState.forEach((key, state) -> initial.add(Pair.of(key, state)));
        this.initialState = List.copyOf(initial);
    }

    @Override
    protected boolean readsOwnPast() {
        return true;
    }

    @Override
    protected Optional<Batch<Pair<K, S>>> compute(long validTime) {
        Optional<Batch<Pair<K, S>>> previous = batchOf(this, validTime - slideMillis());
        if (previous.isEmpty() && !initialState.isEmpty()) {
            previous = Optional.of(batchOfList(validTime - slideMillis(), initialState));
        }
        Optional<Batch<Pair<K, V>>> values = batchOf(parent(), validTime);
        if (previous.isEmpty() && values.isEmpty()) {
            return Optional.empty();
        }
        Map<K, List<V>> newValues = new LinkedHashMap<>();
        int keys = previous.map(Batch::size).orElse(0);
        values.ifPresent(batch -> {
            // The first lists start at about a key's share of the batch (by the keys of the batch before), so that a
            // busy key's list is not grown again and again from two; only as many as there were keys, so a batch of
            // many new keys costs no more than the batch.
            int share = keys == 0 ? 2 : Math.max(2, batch.size() / keys + batch.size() / (2 * keys) + 1);
            for (Pair<K, V> pair : batch) {
                List<V> forKey = newValues.get(pair.key());
                if (forKey == null) {
                    forKey = new ArrayList<>(newValues.size() < keys ? share : 2);
                    newValues.put(pair.key(), forKey);
                }
                forKey.add(pair.value());
            }
        });
        List<Pair<K, S>> out = new ArrayList<>();
        if (previous.isPresent()) {
            for (Pair<K, S> entry : previous.get()) {
                List<V> forKey = newValues.remove(entry.key());
                update(out, entry.key(), forKey == null ? List.of() : forKey, Optional.of(entry.value()), validTime);
            }
        }
        for (Map.Entry<K, List<V>> entry : newValues.entrySet()) {
            update(out, entry.getKey(), entry.getValue(), Optional.empty(), validTime);
        }
        return Optional.of(batchOfList(validTime, out));
    }

    private void update(List<Pair<K, S>> out, K key, List<V> values, Optional<S> state, long validTime) {
        Optional<S> next;
        try {
            next = update.apply(values, state);
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(validTime, Pair.of(key, values), e);
            next = state;
        }
        if (next != null && next.isPresent()) {
            out.add(Pair.of(key, next.get()));
        }
    }
}
