package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stream made record by record from one parent: {@code map}, {@code filter}, {@code flatMap}.
 * An operator supplies {@link #process(Object, Emitter)}; this class runs it in push and pull mode
 * alike and keeps a throwing record out of the result.
 *
 * @param <P> the parent's record type
 * @param <T> this stream's record type
 */
public abstract class RecordStream<P, T> extends SingleParentDStream<P, T> implements Inlet<P> {

    private final Emitter<T> pushEmitter = this::emit;

    protected RecordStream(DStream<P> parent, String operator) {
        super(parent, operator);
    }

    /** Computes the records {@code record} turns into. May throw: the record is then reported and skipped. */
    protected abstract void process(P record, Emitter<T> out);

    @Override
    final boolean supportsPush() {
        return true;
    }

    @Override
    public final void accept(P record) {
        try {
            process(record, pushEmitter);
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            reportFailure(currentBatchTime(), record, e);
        }
    }

    @Override
    protected final Optional<Batch<T>> compute(long validTime) {
        return batchOf(parent(), validTime).map(batch -> {
            List<T> out = new ArrayList<>();
            Emitter<T> emitter = out::add;
            for (P record : batch) {
                try {
                    process(record, emitter);
                } catch (StreamingException e) {
                    throw e;
                } catch (RuntimeException e) {
                    reportFailure(validTime, record, e);
                }
            }
            return Batch.adopt(validTime, out);
        });
    }
}
