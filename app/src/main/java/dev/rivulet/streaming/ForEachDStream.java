package dev.rivulet.streaming;

import java.util.Optional;
import java.util.function.Consumer;

/** An output: runs an action on every batch its parent produces. */
final class ForEachDStream<T> extends SingleParentDStream<T, Void> {

    private final Consumer<? super Batch<T>> action;

    ForEachDStream(DStream<T> parent, Consumer<? super Batch<T>> action) {
        super(parent, "foreachBatch");
        this.action = action;
        context().graph().addOutput(this);
    }

    @Override
    protected Optional<Batch<Void>> compute(long validTime) {
        return Optional.empty();
    }

    /** Runs the action if the parent has a batch at {@code time}, as Spark's {@code generateJob} does. */
    void runJob(long time) {
        Optional<Batch<T>> batch = batchOf(parent(), time);
        if (batch.isEmpty()) {
            return;
        }
        try {
            action.accept(batch.get());
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(time, batch.get(), e);
        }
    }
}
