package dev.rivulet.pipeline.spread;

import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.pipeline.PipelineLinks;
import dev.rivulet.sensors.Reading;
import dev.rivulet.signals.Measure;
import dev.rivulet.signals.Result;
import dev.rivulet.signals.Signal;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A pipeline kind that lives only in the tests, in this folder alone, to show that the gateway runs a kind it has
 * never heard of: per key and batch, the spread (largest minus smallest) of one field. It publishes the signal
 * {@code spread} for alert rules and its results for outputs; nothing in {@code gateway/} names it.
 *
 * @param name    the pipeline's name
 * @param sources the sources it reads
 * @param field   the field whose spread it computes
 * @param outputs where its results go
 */
public record SpreadPipeline(String name, List<String> sources, String field, List<String> outputs)
        implements PipelineKind {

    /** The spread per key. */
    public static final SignalSpec SPREAD = new SignalSpec("spread", Measure.NUMBER,
            "per key and batch, the largest minus the smallest value of the field");

    @Override
    public Duration window() {
        return null;
    }

    @Override
    public Duration slide() {
        return null;
    }

    @Override
    public List<SignalSpec> signals() {
        return List.of(SPREAD);
    }

    @Override
    public void open(DStream<Reading> readings, PipelineLinks links) {
        PairDStream<String, List<Double>> range = readings
                .mapToPair(reading -> Pair.of(reading.key(), List.of(reading.value(field), reading.value(field))))
                .reduceByKey((a, b) -> List.of(Math.min(a.get(0), b.get(0)), Math.max(a.get(1), b.get(1))));
        PairDStream<String, Double> spread = range.mapValues(minMax -> minMax.get(1) - minMax.get(0));
        links.publish(new Signal<>(name, SPREAD, spread, value -> value, value -> field + " spread " + value));
        String pipeline = name;
        links.sendResults(spread.stream().transform(batch -> batch.records().stream()
                .map(pair -> new Result(pipeline, pair.key(), batch.time(), Map.of("spread", pair.value()),
                        pair.key() + "=" + pair.value())).toList()));
    }
}
