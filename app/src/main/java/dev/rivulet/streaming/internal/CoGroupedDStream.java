package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code cogroup}: for every key in either stream's batch of the same time, the values of each side under it
 * (an empty list on a side without the key). The outer joins are built on it.
 */
final class CoGroupedDStream<K, V, W> extends TwoParentDStream<Pair<K, V>, Pair<K, W>, Pair<K, Pair<List<V>, List<W>>>> {


    CoGroupedDStream(DStream<Pair<K, V>> left, DStream<Pair<K, W>> right) {
        super(left, right, "cogroup");
    }

    @Override
    protected Optional<Batch<Pair<K, Pair<List<V>, List<W>>>>> compute(long validTime) {
        Map<K, List<V>> lefts = new LinkedHashMap<>();
        Map<K, List<W>> rights = new LinkedHashMap<>();
        batchOf(left, validTime).ifPresent(batch -> group(batch, lefts));
        batchOf(right, validTime).ifPresent(batch -> group(batch, rights));
        List<Pair<K, Pair<List<V>, List<W>>>> out = new ArrayList<>(lefts.size() + rights.size());
        for (Map.Entry<K, List<V>> entry : lefts.entrySet()) {
            List<W> matched = rights.remove(entry.getKey());
            out.add(Pair.of(entry.getKey(), Pair.of(Collections.unmodifiableList(entry.getValue()),
                    matched == null ? List.of() : Collections.unmodifiableList(matched))));
        }
        for (Map.Entry<K, List<W>> entry : rights.entrySet()) {
            out.add(Pair.of(entry.getKey(), Pair.of(List.of(), Collections.unmodifiableList(entry.getValue()))));
        }
        return Optional.of(batchOfList(validTime, out));
    }

    private static <K, X> void group(Batch<Pair<K, X>> batch, Map<K, List<X>> groups) {
        for (Pair<K, X> pair : batch) {
            groups.computeIfAbsent(pair.key(), key -> new ArrayList<>(2)).add(pair.value());
        }
    }
}
