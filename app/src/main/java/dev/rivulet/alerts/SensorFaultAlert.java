package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.pipeline.BusOccupancy;
import java.util.List;

/**
 * {@code type: sensor-fault}: watches a bus-occupancy pipeline's door counters: the share of a bus's recent
 * readings (about the last eight) that its rules left out.
 *
 * @param name        the rule's name
 * @param pipeline    the bus-occupancy pipeline watched
 * @param high        raise at or above this share
 * @param low         clear below this share
 * @param consecutive batches in a row at or above high before raising
 * @param outputs     where alerts go
 */
public record SensorFaultAlert(String name, String pipeline, double high, double low, int consecutive,
                               List<String> outputs) implements AlertKind {

    private static final Key HIGH = new Key("high", Key.Type.FRACTION, "30%",
            "raised when this share of a bus's recent readings (about the last 8) is rejected ...");
    private static final Key LOW = new Key("low", Key.Type.FRACTION, "10%", "... cleared below this");

    static final Kind<AlertKind> KIND = new Kind<>("sensor-fault", AlertKinds.keys(HIGH, LOW), (name, node) -> AlertKinds.read(name, node,
            rule -> new AlertKinds.Band(HIGH.fraction(rule), LOW.fraction(rule)), SensorFaultAlert::new));

    /** Copies the outputs. */
    public SensorFaultAlert {
        outputs = List.copyOf(outputs);
    }

    @Override
    public String type() {
        return KIND.type();
    }

    @Override
    public AlertRule.Streams watch(BusOccupancy occupancy) {
        return AlertRule.streams(this, occupancy.load(), BusOccupancy.BusLoad::faultShare, SensorFaultAlert::detail);
    }

    /** What the depot should look at. */
    static String detail(BusOccupancy.BusLoad bus) {
        return Math.round(bus.faultShare() * 100) + "% of recent door readings rejected (" + bus.rejectedTotal()
                + " in all: " + bus.rejected() + "); check the door counters";
    }
}
