package dev.rivulet.pipeline;

import dev.rivulet.config.PipelineSettings;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@code type: aggregate} pipeline: readings filtered by {@code where}, keyed, one value per reading,
 * folded per batch or over a window into [sum, count, min, max] and reported as the chosen aggregate; or
 * added up as a running total across batches.
 */
public final class AggregatePipeline {

    private AggregatePipeline() {
    }

    /** The result per key: per batch, per window slide, or a running total every batch. */
    public static PairDStream<String, Double> build(PipelineSettings settings, DStream<Reading> readings,
                                                    Duration batchInterval) {
        Function<Reading, String> key = keyOf(settings.key());
        PairDStream<String, List<Double>> perReading = readings
                .filter(new ReadingFilter(settings.where()))
                .filter(reading -> key.apply(reading) != null && !Double.isNaN(value(settings, reading)))
                .mapToPair(reading -> {
                    double v = value(settings, reading);
                    return Pair.of(key.apply(reading), List.of(v, 1.0, v, v));
                });
        PairDStream<String, List<Double>> folded = settings.window() == null
                ? perReading.reduceByKey(AggregatePipeline::fold)
                : perReading.reduceByKeyAndWindow(AggregatePipeline::fold, settings.window(),
                        settings.slide() == null ? batchInterval : settings.slide());
        PairDStream<String, Double> result = folded.mapValues(stats -> pick(settings.aggregate(), stats));
        if (!settings.running()) {
            return result;
        }
        Double floor = settings.floor();
        return result.updateStateByKey((values, state) -> {
            double total = state.orElse(0.0);
            for (double v : values) {
                total += v;
            }
            return Optional.of(floor == null ? total : Math.max(floor, total));
        });
    }

    /**
     * Readings left out by {@code where}, per key and rule, since the key was first seen: engine state
     * ({@code updateStateByKey}), so checkpoints carry it. A reading without a key counts under "".
     */
    public static PairDStream<String, Map<String, Long>> rejected(PipelineSettings settings, DStream<Reading> readings) {
        Function<Reading, String> key = keyOf(settings.key());
        ReadingFilter where = new ReadingFilter(settings.where());
        return readings.<String, String>flatMapToPair(reading -> {
            String rule = where.brokenRule(reading);
            String k = key.apply(reading);
            return rule == null ? List.of() : List.of(Pair.of(k == null ? "" : k, rule));
        }).updateStateByKey((List<String> rules, Optional<Map<String, Long>> state) -> {
            if (rules.isEmpty()) {
                return state;
            }
            Map<String, Long> counts = new TreeMap<>(state.orElse(Map.of()));
            rules.forEach(rule -> counts.merge(rule, 1L, Long::sum));
            return Optional.of(counts);
        });
    }

    static List<Double> fold(List<Double> a, List<Double> b) {
        return List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), Math.min(a.get(2), b.get(2)), Math.max(a.get(3), b.get(3)));
    }

    static double pick(String aggregate, List<Double> stats) {
        return switch (aggregate) {
            case "count" -> stats.get(1);
            case "min" -> stats.get(2);
            case "max" -> stats.get(3);
            case "average" -> stats.get(0) / stats.get(1);
            default -> stats.get(0);
        };
    }

    private static double value(PipelineSettings settings, Reading reading) {
        double total = 0;
        for (PipelineSettings.Term term : settings.value()) {
            total += term.sign() * (term.field() == null ? 1.0 : reading.value(term.field()));
        }
        return total;
    }

    private static Function<Reading, String> keyOf(String key) {
        if (key.equals("source")) {
            return Reading::source;
        }
        if (key.startsWith("label:")) {
            String label = key.substring("label:".length());
            return reading -> reading.label(label);
        }
        return Reading::key;
    }
}
