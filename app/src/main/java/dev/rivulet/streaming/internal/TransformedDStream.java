package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.SingleParentDStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code transform}: a function of each whole batch. When it throws, the batch is reported and the result is empty. */
final class TransformedDStream<T, U> extends SingleParentDStream<T, U> {

    private final Function<? super Batch<T>, ? extends Collection<? extends U>> f;

    TransformedDStream(DStream<T> parent, Function<? super Batch<T>, ? extends Collection<? extends U>> f) {
        super(parent, "transform");
        this.f = f;
    }

    @Override
    protected Optional<Batch<U>> compute(long validTime) {
        return batchOf(parent(), validTime).map(batch -> {
            List<U> out;
            try {
                out = new ArrayList<>(f.apply(batch));
            } catch (dev.rivulet.streaming.StreamingException e) {
                throw e;
            } catch (RuntimeException e) {
                reportFailure(validTime, batch, e);
                out = new ArrayList<>();
            }
            return batchOfList(validTime, out);
        });
    }
}
