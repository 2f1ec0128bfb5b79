package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.signals.SignalSpec;
import java.util.List;

/**
 * {@code type: threshold}: a rule with plain numbers, allowed on any pipeline. On an aggregate it watches the
 * result per key (the sum, count, minimum, maximum or average, per batch, per window slide or as a running total);
 * on a bus-occupancy pipeline, each bus's load factor.
 *
 * @param name        the rule's name
 * @param pipeline    the pipeline watched
 * @param signal      the signal watched; null: the pipeline's default
 * @param high        raise at or above this number (required)
 * @param low         clear below this number (default: high)
 * @param consecutive batches in a row at or above high before raising
 * @param outputs     where alerts go
 */
public record ThresholdAlert(String name, String pipeline, String signal, double high, double low, int consecutive, List<String> outputs)
        implements AlertKind {

    private static final Key HIGH = new Key("high", Key.Type.NUMBER, "", "the value that raises it (required)");
    private static final Key LOW = new Key("low", Key.Type.NUMBER, "", "cleared below this; absent: high");

    static final Kind<AlertKind> KIND = new Kind<>("threshold", AlertKind.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
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

    /** A threshold has no signal of its own: it watches the pipeline's default (an aggregate's value, a bus's load). */
    @Override
    public String defaultSignal() {
        return null;
    }

    /** Plain numbers make sense on any signal. */
    @Override
    public boolean canWatch(SignalSpec signal) {
        return true;
    }
}
