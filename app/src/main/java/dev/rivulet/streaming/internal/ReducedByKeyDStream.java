package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.Pair;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BinaryOperator;

/** {@code reduceByKey}: one value per key present in the batch, folded as records arrive. */
final class ReducedByKeyDStream<K, V> extends CombiningStream<Pair<K, V>, Pair<K, V>> {

    private final BinaryOperator<V> f;

    ReducedByKeyDStream(DStream<Pair<K, V>> parent, BinaryOperator<V> f) {
        super(parent, "reduceByKey");
        this.f = f;
    }

    @Override
    protected Combiner<Pair<K, V>, Pair<K, V>> newCombiner() {
        return new Combiner<>() {
            private final Map<K, V> reduced = new HashMap<>();

            @Override
            public void add(Pair<K, V> record) {
                reduced.merge(record.key(), record.value(), f);
            }

            @Override
            public void finish(Emitter<Pair<K, V>> out) {
                reduced.forEach((key, value) -> out.emit(new Pair<>(key, value)));
            }
        };
    }
}
