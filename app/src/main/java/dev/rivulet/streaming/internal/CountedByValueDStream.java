package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.Pair;
import java.util.HashMap;
import java.util.Map;

/** {@code countByValue}: each distinct record of the batch with how often it occurs. */
final class CountedByValueDStream<T> extends CombiningStream<T, Pair<T, Long>> {

    CountedByValueDStream(DStream<T> parent) {
        super(parent, "countByValue");
    }

    @Override
    protected Combiner<T, Pair<T, Long>> newCombiner() {
        return new Combiner<>() {
            private final Map<T, long[]> counts = new HashMap<>();

            @Override
            public void add(T record) {
                counts.computeIfAbsent(record, value -> new long[1])[0]++;
            }

            @Override
            public void finish(Emitter<Pair<T, Long>> out) {
                counts.forEach((value, count) -> out.emit(Pair.of(value, count[0])));
            }
        };
    }
}
