package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Durations;
import dev.rivulet.streaming.StreamingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code transformWith} and the context's {@code transform}: a function of several streams' batches of the same
 * time, given in the order of the streams. They must share a context and a slide. A stream with no batch at that
 * time gives an empty one. When the function throws, the batches are reported and the result is empty.
 */
final class TransformedWithDStream<U> extends DStream<U> {

    private final List<DStream<?>> parents;
    private final Function<? super List<Batch<?>>, ? extends Collection<? extends U>> f;

    TransformedWithDStream(List<? extends DStream<?>> parents,
                                  Function<? super List<Batch<?>>, ? extends Collection<? extends U>> f, String operator) {
        super(first(parents, operator).context(), operator);
        this.parents = List.copyOf(parents);
        this.f = f;
        for (DStream<?> parent : this.parents) {
            if (parent.context() != context()) {
                throw new IllegalArgumentException(operator + ": all streams must belong to the same StreamingContext");
            }
            if (slideOf(parent) != slideMillis()) {
                throw new IllegalArgumentException(operator + ": all streams must have the same slide, but "
                        + this.parents.get(0) + " slides every " + Durations.format(slideMillis()) + " and " + parent
                        + " every " + Durations.format(slideOf(parent)) + "; window one of them to match");
            }
        }
    }

    private static DStream<?> first(List<? extends DStream<?>> parents, String operator) {
        if (parents.isEmpty()) {
            throw new IllegalArgumentException(operator + ": give at least one stream");
        }
        return parents.get(0);
    }

    @Override
    protected long slideMillis() {
        return slideOf(parents.get(0));
    }

    @Override
    protected List<DStream<?>> dependencies() {
        return parents;
    }

    @Override
    protected Optional<Batch<U>> compute(long validTime) {
        List<Batch<?>> batches = new ArrayList<>(parents.size());
        for (DStream<?> parent : parents) {
            batches.add(batchOrEmpty(parent, validTime));
        }
        List<U> out;
        try {
            out = new ArrayList<>(f.apply(List.copyOf(batches)));
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(validTime, batches, e);
            out = new ArrayList<>();
        }
        return Optional.of(batchOfList(validTime, out));
    }

    private static <X> Batch<X> batchOrEmpty(DStream<X> stream, long time) {
        return batchOf(stream, time).orElseGet(() -> batchOfList(time, new ArrayList<>()));
    }
}
