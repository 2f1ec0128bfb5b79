package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code groupByKey}: every value of the batch, listed under its key in arrival order. */
final class GroupedByKeyDStream<K, V> extends CombiningStream<Pair<K, V>, Pair<K, List<V>>> {

    GroupedByKeyDStream(DStream<Pair<K, V>> parent) {
        super(parent, "groupByKey");
    }

    @Override
    protected Combiner<Pair<K, V>, Pair<K, List<V>>> newCombiner() {
        return new Combiner<>() {
            private final Map<K, List<V>> groups = new HashMap<>();

            @Override
            public void add(Pair<K, V> record) {
                groups.computeIfAbsent(record.key(), key -> new ArrayList<>(4)).add(record.value());
            }

            @Override
            public void finish(Emitter<Pair<K, List<V>>> out) {
                groups.forEach((key, values) -> out.emit(Pair.of(key, Collections.unmodifiableList(values))));
            }
        };
    }
}
