package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream that folds each batch of its parent into a few records: {@code count}, {@code reduceByKey},
 * {@code groupByKey}. In push mode the fold runs as records arrive, so the parent's raw records never
 * need to be kept: a batch of a million readings over a thousand keys costs a thousand entries.
 *
 * @param <P> the parent's record type
 * @param <T> this stream's record type
 */
public abstract class CombiningStream<P, T> extends SingleParentDStream<P, T> implements Inlet<P> {

    /** The fold of one batch. */
    protected interface Combiner<P, T> {

        /** Folds one record in. May throw: the record is then reported and left out. */
        void add(P record);

        /** Emits the batch's result. */
        void finish(Emitter<T> out);
    }

    private Combiner<P, T> open;

    protected CombiningStream(DStream<P> parent, String operator) {
        super(parent, operator);
    }

    /** A fresh, empty fold for one batch. */
    protected abstract Combiner<P, T> newCombiner();

    @Override
    final boolean supportsPush() {
        return true;
    }

    @Override
    final void preparePush() {
        open = newCombiner();
    }

    @Override
    public final void accept(P record) {
        add(open, record, currentBatchTime());
    }

    @Override
    final void onBatchClose(long time) {
        Combiner<P, T> closing = open;
        open = newCombiner();
        closing.finish(this::emit);
    }

    @Override
    protected final Optional<Batch<T>> compute(long validTime) {
        return batchOf(parent(), validTime).map(batch -> {
            Combiner<P, T> combiner = newCombiner();
            for (P record : batch) {
                add(combiner, record, validTime);
            }
            List<T> out = new ArrayList<>();
            combiner.finish(out::add);
            return Batch.adopt(validTime, out);
        });
    }

    private void add(Combiner<P, T> combiner, P record, long batchTime) {
        try {
            combiner.add(record);
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(batchTime, record, e);
        }
    }
}
