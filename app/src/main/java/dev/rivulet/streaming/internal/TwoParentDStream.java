package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Durations;
import java.util.List;

/** A stream computed from two parents' batches of the same time: the joins and {@code cogroup}. */
abstract class TwoParentDStream<L, R, T> extends DStream<T> {

    protected final DStream<L> left;
    protected final DStream<R> right;

    TwoParentDStream(DStream<L> left, DStream<R> right, String operator) {
        super(left.context(), operator);
        if (left.context() != right.context()) {
            throw new IllegalArgumentException(operator + ": both streams must belong to the same StreamingContext");
        }
        if (slideOf(left) != slideOf(right)) {
            throw new IllegalArgumentException(operator + ": both streams must have the same slide, but the left"
                    + " slides every " + Durations.format(slideOf(left)) + " and the right every "
                    + Durations.format(slideOf(right)) + "; window one of them to match");
        }
        this.left = left;
        this.right = right;
    }

    @Override
    protected final long slideMillis() {
        return slideOf(left);
    }

    @Override
    protected final List<DStream<?>> dependencies() {
        return List.of(left, right);
    }
}
