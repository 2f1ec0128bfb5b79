package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.RecordStream;
import java.util.function.Function;

/** {@code map}: one record out for every record in. */
final class MappedDStream<T, U> extends RecordStream<T, U> {

    private final Function<? super T, ? extends U> f;

    MappedDStream(DStream<T> parent, Function<? super T, ? extends U> f, String operator) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected void process(T record, Emitter<U> out) {
        out.emit(f.apply(record));
    }
}
