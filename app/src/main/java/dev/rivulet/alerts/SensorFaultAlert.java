package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.util.List;

/**
 * {@code type: sensor-fault}: watches a bus-occupancy pipeline's door counters: the share of a bus's recent
 * readings (about the last eight) that its rules left out.
 *
 * @param name        the rule's name
 * @param pipeline    the pipeline watched
 * @param signal      the signal watched; null: fault-share
 * @param high        raise at or above this share
 * @param low         clear below this share
 * @param consecutive batches in a row at or above high before raising
 * @param outputs     where alerts go
 */
public record SensorFaultAlert(String name, String pipeline, String signal, double high, double low, int consecutive,
                               List<String> outputs) implements AlertKind {

    private static final Key HIGH = new Key("high", Key.Type.FRACTION, "30%",
            "raised when this share of a bus's recent readings (about the last 8) is rejected ...");
    private static final Key LOW = new Key("low", Key.Type.FRACTION, "10%", "... cleared below this");

    static final Kind<AlertKind> KIND = new Kind<>("sensor-fault", AlertKind.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
            rule -> new AlertKinds.Band(HIGH.fraction(rule), LOW.fraction(rule)), SensorFaultAlert::new));

    /** Copies the outputs. */
    public SensorFaultAlert {
        outputs = List.copyOf(outputs);
    }

    @Override
    public String type() {
        return KIND.type();
    }

    /** The share of a bus's recent door readings rejected. */
    @Override
    public String defaultSignal() {
        return "fault-share";
    }
}
