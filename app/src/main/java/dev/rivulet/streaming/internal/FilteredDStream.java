package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Emitter;
import dev.rivulet.streaming.RecordStream;
import java.util.function.Predicate;

/** {@code filter}: the records for which the predicate holds. */
final class FilteredDStream<T> extends RecordStream<T, T> {

    private final Predicate<? super T> predicate;

    FilteredDStream(DStream<T> parent, Predicate<? super T> predicate) {
        super(parent, "filter");
        this.predicate = predicate;
    }

    @Override
    protected void process(T record, Emitter<T> out) {
        if (predicate.test(record)) {
            out.emit(record);
        }
    }
}
