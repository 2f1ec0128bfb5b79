package dev.rivulet.streaming;

import java.util.List;
import java.util.Optional;

/** A stream with no parent: records come from outside, one batch per batch interval. */
abstract class InputDStream<T> extends DStream<T> {

    InputDStream(StreamingContext context, String operator) {
        super(context, operator);
    }

    @Override
    protected final long slideMillis() {
        return context().batchIntervalMillis();
    }

    @Override
    protected final List<DStream<?>> dependencies() {
        return List.of();
    }

    @Override
    final boolean supportsPush() {
        return true;
    }

    @Override
    protected final Optional<Batch<T>> compute(long validTime) {
        throw new IllegalStateException(operator() + " is an input; its batches are pushed, not computed");
    }
}
