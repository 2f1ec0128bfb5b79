package dev.rivulet.signals;

import dev.rivulet.streaming.PairDStream;
import java.util.function.Function;

/**
 * A named number per key that a pipeline publishes every batch, for alert rules to watch: the stream of what it
 * computed, and how to read the number and a short human detail out of each value. The values stay the pipeline's
 * own type, so a rule's state sits on the pipeline's stream itself.
 *
 * @param pipeline the pipeline's name
 * @param spec     the signal's declaration ({@code PipelineKind#signals()})
 * @param values   per key, every batch
 * @param number   the number compared with a rule's high and low
 * @param detail   e.g. {@code 56 of 60 passengers}
 * @param <V>      what the pipeline computes per key
 */
public record Signal<V>(String pipeline, SignalSpec spec, PairDStream<String, V> values, Function<V, Double> number,
                        Function<V, String> detail) {

    /** {@code pipeline.signal}, as {@code watch} names it. */
    public String path() {
        return pipeline + "." + spec.name();
    }
}
