package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.RecordStream;
import java.util.function.Function;

/** {@code flatMap}: any number of records out for every record in. */
final class FlatMappedDStream<T, U> extends RecordStream<T, U> {

    private final Function<? super T, ? extends Iterable<? extends U>> f;

    FlatMappedDStream(DStream<T> parent, Function<? super T, ? extends Iterable<? extends U>> f,
                             String operator) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected void process(T record, Emitter<U> out) {
        for (U produced : f.apply(record)) {
            out.emit(produced);
        }
    }
}
