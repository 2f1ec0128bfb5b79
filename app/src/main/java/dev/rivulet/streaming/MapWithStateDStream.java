package dev.rivulet.streaming;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link PairDStream#mapWithState(StateSpec)} returns: the mapping function's results, and through
 * {@link #stateSnapshots()} every key's state after each batch.
 */
public final class MapWithStateDStream<K, V, S, U> extends RecordStream<MapWithStateDStream.Step<K, S, U>, U> {

    /** A key's state and the batch time it last saw data: what a checkpoint keeps per key. */
    public record Stamped<S>(S state, long updatedAt) {
    }

    /** The result of one batch: every key's state after it, and what the mapping function emitted. */
    public record Step<K, S, U>(Map<K, Stamped<S>> states, List<U> mapped) {
    }

    private final DStream<Step<K, S, U>> states;

    MapWithStateDStream(DStream<Step<K, S, U>> states) {
        super(states, "mapWithState");
        this.states = states;
    }

    @Override
    protected void process(Step<K, S, U> step, Emitter<U> out) {
        for (U mapped : step.mapped()) {
            out.emit(mapped);
        }
    }

    /**
     * Sets the interval at which the state is checkpointed and, as in Spark, timed-out keys are removed: a
     * multiple of the batch interval, 10 batch intervals unless set. The batch interval itself scans for
     * timeouts at every batch. Before start.
     *
     * @return this stream
     */
    @Override
    public MapWithStateDStream<K, V, S, U> checkpoint(Duration interval) {
        states.checkpoint(interval);
        return this;
    }

    /**
     * Every key in the state with its state after each batch, timed-out keys included until the batch that
     * removes them.
     */
    public PairDStream<K, S> stateSnapshots() {
        return new PairDStream<>(Installed.OPERATORS.<Step<K, S, U>, Pair<K, S>>flatMap(states, step -> {
            List<Pair<K, S>> pairs = new ArrayList<>(step.states().size());
            for (Map.Entry<K, Stamped<S>> entry : step.states().entrySet()) {
                pairs.add(Pair.of(entry.getKey(), entry.getValue().state()));
            }
            return pairs;
        }, "flatMap"));
    }
}
