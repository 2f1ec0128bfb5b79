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
        Map<K, List<W>> index = new HashMap<>();
        for (Pair<K, W> pair : rightBatch.get()) {
            index.computeIfAbsent(pair.key(), key -> new ArrayList<>(2)).add(pair.value());
        }
        List<Pair<K, Pair<V, Optional<W>>>> out = new ArrayList<>();
        for (Pair<K, V> pair : leftBatch.get()) {
            List<W> matches = index.get(pair.key());
            if (matches != null) {
                for (W match : matches) {
                    out.add(Pair.of(pair.key(), Pair.of(pair.value(), Optional.ofNullable(match))));
                }
            } else if (keepUnmatched) {
                out.add(Pair.of(pair.key(), Pair.of(pair.value(), Optional.empty())));
            }
        }
        return Optional.of(batchOfList(validTime, out));
    }
}
