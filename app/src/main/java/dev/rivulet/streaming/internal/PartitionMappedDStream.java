package dev.rivulet.streaming.internal;

import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.SingleParentDStream;
import dev.rivulet.streaming.StreamingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code mapPartitions} and {@code glom}: a function of an iterator over the whole batch, which is one partition
 * here. It runs once per batch, an empty batch included (Spark runs it once per partition, empty ones included).
 * When it throws, the batch is reported and the result is empty.
 */
final class PartitionMappedDStream<T, U> extends SingleParentDStream<T, U> {

    private final Function<? super Iterator<T>, ? extends Iterator<? extends U>> f;

    PartitionMappedDStream(DStream<T> parent, Function<? super Iterator<T>, ? extends Iterator<? extends U>> f,
                                  String operator) {
        super(parent, operator);
        this.f = f;
    }

    @Override
    protected Optional<Batch<U>> compute(long validTime) {
        return batchOf(parent(), validTime).map(batch -> {
            List<U> out = new ArrayList<>();
            try {
                f.apply(batch.records().iterator()).forEachRemaining(out::add);
            } catch (StreamingException e) {
                throw e;
            } catch (RuntimeException e) {
                reportFailure(validTime, batch, e);
                out = new ArrayList<>();
            }
            return batchOfList(validTime, out);
        });
    }
}
