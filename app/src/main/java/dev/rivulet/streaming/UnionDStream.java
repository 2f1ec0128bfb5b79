package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The records of several streams with the same slide, batch by batch. */
final class UnionDStream<T> extends DStream<T> implements Inlet<T> {

    private final List<DStream<T>> parents;

    UnionDStream(List<DStream<T>> parents) {
        super(parents.get(0).context(), "union");
        this.parents = List.copyOf(parents);
        for (DStream<T> parent : parents) {
            if (parent.context() != context()) {
                throw new IllegalArgumentException("union: all streams must belong to the same StreamingContext");
            }
            if (slideOf(parent) != slideMillis()) {
                throw new IllegalArgumentException("union: all streams must have the same slide, but "
                        + parents.get(0).operator() + " slides every " + Durations.format(slideMillis()) + " and "
                        + parent.operator() + " every " + Durations.format(slideOf(parent))
                        + "; window one of them to match");
            }
        }
    }

    @Override
    protected long slideMillis() {
        return slideOf(parents.get(0));
    }

    @Override
    protected List<DStream<?>> dependencies() {
        return List.copyOf(parents);
    }

    @Override
    boolean supportsPush() {
        return true;
    }

    @Override
    public void accept(T record) {
        emit(record);
    }

    @Override
    protected Optional<Batch<T>> compute(long validTime) {
        List<Batch<T>> parts = new ArrayList<>(parents.size());
        for (DStream<T> parent : parents) {
            Batch<T> part = batchOf(parent, validTime).orElseThrow(() -> new IllegalStateException(
                    "union: " + parent + " produced no batch at " + validTime + " ms"));
            parts.add(part);
        }
        return Optional.of(Batch.concat(validTime, parts));
    }
}
