package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;

/** {@code count}: exactly one number every batch, 0 for an empty batch (Spark unions in a zero). */
final class CountedDStream<T> extends CombiningStream<T, Long> {

    CountedDStream(DStream<T> parent) {
        super(parent, "count");
    }

    @Override
    protected Combiner<T, Long> newCombiner() {
        return new Combiner<>() {
            private long count;

            @Override
            public void add(T record) {
                count++;
            }

            @Override
            public void finish(Emitter<Long> out) {
                out.emit(count);
            }
        };
    }
}
