package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.Pair;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code combineByKey}: per key present in the batch, the first value made into a combiner, the next ones merged
 * into it as they arrive. A batch is one partition, so Spark's {@code mergeCombiners} is never needed.
 */
final class CombinedByKeyDStream<K, V, C> extends CombiningStream<Pair<K, V>, Pair<K, C>> {

    private final Function<? super V, ? extends C> createCombiner;
    private final BiFunction<? super C, ? super V, ? extends C> mergeValue;

    CombinedByKeyDStream(DStream<Pair<K, V>> parent, Function<? super V, ? extends C> createCombiner,
                                BiFunction<? super C, ? super V, ? extends C> mergeValue) {
        super(parent, "combineByKey");
        this.createCombiner = createCombiner;
        this.mergeValue = mergeValue;
    }

    @Override
    protected Combiner<Pair<K, V>, Pair<K, C>> newCombiner() {
        return new Combiner<>() {
            private final Map<K, C> combined = new HashMap<>();

            @Override
            public void add(Pair<K, V> record) {
                C current = combined.get(record.key());
                C next = current == null && !combined.containsKey(record.key())
                        ? createCombiner.apply(record.value())
                        : mergeValue.apply(current, record.value());
                combined.put(record.key(), next);
            }

            @Override
            public void finish(Emitter<Pair<K, C>> out) {
                combined.forEach((key, value) -> out.emit(Pair.of(key, value)));
            }
        };
    }
}
