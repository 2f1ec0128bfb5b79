package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code join} and {@code leftOuterJoin} of two pair streams, batch by batch: every pair of values that
 * share a key; with {@code keepUnmatched}, also each left value with no match, paired with empty.
 */
final class JoinedDStream<K, V, W> extends TwoParentDStream<Pair<K, V>, Pair<K, W>, Pair<K, Pair<V, Optional<W>>>> {

    private final boolean keepUnmatched;

    JoinedDStream(DStream<Pair<K, V>> left, DStream<Pair<K, W>> right, boolean keepUnmatched) {
        super(left, right, keepUnmatched ? "leftOuterJoin" : "join");
        this.keepUnmatched = keepUnmatched;
    }

    @Override
    protected Optional<Batch<Pair<K, Pair<V, Optional<W>>>>> compute(long validTime) {
        Optional<Batch<Pair<K, V>>> leftBatch = batchOf(left, validTime);
        Optional<Batch<Pair<K, W>>> rightBatch = batchOf(right, validTime);
        if (leftBatch.isEmpty() || rightBatch.isEmpty()) {
            return Optional.empty();
        }
        // Each key's first value, and only for a key with more than one, the others: most keys have one value a batch.
        Map<K, W> first = new HashMap<>(capacityFor(rightBatch.get().size()));
        Map<K, List<W>> more = null;
        for (Pair<K, W> pair : rightBatch.get()) {
            if (!first.containsKey(pair.key())) {
                first.put(pair.key(), pair.value());
            } else {
                if (more == null) {
                    more = new HashMap<>();
                }
                more.computeIfAbsent(pair.key(), key -> new ArrayList<>(2)).add(pair.value());
            }
        }
        List<Pair<K, Pair<V, Optional<W>>>> out = new ArrayList<>(leftBatch.get().size());
        for (Pair<K, V> pair : leftBatch.get()) {
            W match = first.get(pair.key());
            if (match != null || first.containsKey(pair.key())) {
                out.add(Pair.of(pair.key(), Pair.of(pair.value(), Optional.ofNullable(match))));
                List<W> others = more == null ? null : more.get(pair.key());
                if (others != null) {
                    for (W other : others) {
                        out.add(Pair.of(pair.key(), Pair.of(pair.value(), Optional.ofNullable(other))));
                    }
                }
            } else if (keepUnmatched) {
                out.add(Pair.of(pair.key(), Pair.of(pair.value(), Optional.empty())));
            }
        }
        return Optional.of(batchOfList(validTime, out));
    }

    /** A HashMap capacity that holds {@code keys} entries without growing. */
    private static int capacityFor(int keys) {
        return (int) (keys / 0.75f) + 1;
    }
}
