package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.pipeline.AggregatePipeline;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.streaming.PairDStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * {@code type: threshold}: a rule with plain numbers, allowed on any pipeline. On an aggregate it watches the
 * result per key (the sum, count, minimum, maximum or average, per batch, per window slide or as a running total);
 * on a bus-occupancy pipeline, each bus's load factor.
 *
 * @param name        the rule's name
 * @param pipeline    the pipeline watched
 * @param high        raise at or above this number (required)
 * @param low         clear below this number (default: high)
 * @param consecutive batches in a row at or above high before raising
 * @param outputs     where alerts go
 */
public record ThresholdAlert(String name, String pipeline, double high, double low, int consecutive, List<String> outputs)
        implements AlertKind {

    private static final Key HIGH = new Key("high", Key.Type.NUMBER, "", "the value that raises it (required)");
    private static final Key LOW = new Key("low", Key.Type.NUMBER, "", "cleared below this; absent: high");

    static final Kind<AlertKind> KIND = new Kind<>("threshold", AlertKinds.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
            rule -> {
                double high = rule.number(HIGH.name(), Double.NaN, -1e12, 1e12);
                double low = rule.number(LOW.name(), high, -1e12, 1e12);
                if (Double.isNaN(high)) {
                    rule.problem(HIGH.name(), "is required for a threshold alert: the value that raises it");
                }
                return new AlertKinds.Band(high, low);
            }, ThresholdAlert::new));

    /** Copies the outputs. */
    public ThresholdAlert {
        outputs = List.copyOf(outputs);
    }

    @Override
    public String type() {
        return KIND.type();
    }

    @Override
    public boolean canWatch(PipelineKind pipeline) {
        return true;
    }

    @Override
    public AlertRule.Streams watch(BusOccupancy occupancy) {
        return AlertKinds.onLoad(this, occupancy);
    }

    @Override
    public AlertRule.Streams watch(AggregatePipeline aggregate, PairDStream<String, Double> results) {
        return AlertRule.streams(this, results, value -> value, value -> detail(aggregate, value));
    }

    /** E.g. {@code running sum 1250} or {@code average 21.4}. */
    static String detail(AggregatePipeline aggregate, double value) {
        String number = Double.isFinite(value)
                ? new BigDecimal(value).round(MathContext.DECIMAL32).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
        return (aggregate.running() ? "running " : "") + aggregate.aggregate() + " " + number;
    }
}
