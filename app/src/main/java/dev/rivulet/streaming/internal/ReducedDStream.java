package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.CombiningStream;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import java.util.function.BinaryOperator;

/** {@code reduce}: the batch folded into one record; an empty batch gives nothing. */
final class ReducedDStream<T> extends CombiningStream<T, T> {

    private final BinaryOperator<T> f;

    ReducedDStream(DStream<T> parent, BinaryOperator<T> f) {
        super(parent, "reduce");
        this.f = f;
    }

    @Override
    protected Combiner<T, T> newCombiner() {
        return new Combiner<>() {
            private T result;
            private boolean any;

            @Override
            public void add(T record) {
                result = any ? f.apply(result, record) : record;
                any = true;
            }

            @Override
            public void finish(Emitter<T> out) {
                if (any) {
                    out.emit(result);
                }
            }
        };
    }
}
