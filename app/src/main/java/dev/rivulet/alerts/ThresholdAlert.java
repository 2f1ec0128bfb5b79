package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.PipelineKind;
import java.util.List;

/**
 * {@code type: threshold}: a rule with plain numbers, allowed on any pipeline. On a bus-occupancy pipeline it
 * watches each bus's load factor.
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

    static final Kind KIND = new Kind("threshold", AlertKinds.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
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
}
