package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.util.List;

/**
 * {@code type: capacity}: watches a bus-occupancy pipeline's load factor (occupancy / capacity), or any share
 * {@code watch} names.
 *
 * @param name        the rule's name
 * @param pipeline    the pipeline watched
 * @param signal      the signal watched; null: load
 * @param high        raise at or above this load
 * @param low         clear below this load
 * @param consecutive batches in a row at or above high before raising
 * @param outputs     where alerts go
 */
public record CapacityAlert(String name, String pipeline, String signal, double high, double low, int consecutive, List<String> outputs)
        implements AlertKind {

    private static final Key HIGH = new Key("high", Key.Type.FRACTION, "90%", "raised when the load reaches this ...");
    private static final Key LOW = new Key("low", Key.Type.FRACTION, "80%", "... cleared below this");

    static final Kind<AlertKind> KIND = new Kind<>("capacity", AlertKind.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
            rule -> new AlertKinds.Band(HIGH.fraction(rule), LOW.fraction(rule)), CapacityAlert::new));

    /** Copies the outputs. */
    public CapacityAlert {
        outputs = List.copyOf(outputs);
    }

    @Override
    public String type() {
        return KIND.type();
    }

    /** A bus-occupancy pipeline's load factor. */
    @Override
    public String defaultSignal() {
        return "load";
    }
}
