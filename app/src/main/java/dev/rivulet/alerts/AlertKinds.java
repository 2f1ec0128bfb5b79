package dev.rivulet.alerts;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.pipeline.BusOccupancy;
import java.util.List;
import java.util.function.Function;

/** The declared alert kinds, the keys they share, and how {@code alerts.NAME} finds its kind by its {@code type}. */
public final class AlertKinds {

    /** Every alert kind, in the order the README lists them; the first is the kind of a rule without a type. */
    public static final List<Kind<AlertKind>> KINDS = List.of(CapacityAlert.KIND, SensorFaultAlert.KIND, ThresholdAlert.KIND);

    /** The two numbers of a rule: raise at or above {@code high}, clear below {@code low}. */
    record Band(double high, double low) {
    }

    /** How a kind's record is made from what every kind reads. */
    interface Maker<T extends AlertKind> {
        T make(String name, String pipeline, double high, double low, int consecutive, List<String> outputs);
    }

    private AlertKinds() {
    }

    /** Reads {@code alerts.NAME}: its {@code type} (capacity when absent), then the keys of that kind. */
    public static AlertKind read(String name, ConfigNode node) {
        AlertKind rule = Kind.read(name, node, KINDS, KINDS.get(0));
        node.rejectUnknown();
        return rule;
    }

    /** A kind's keys: the shared ones around its {@code high} and {@code low}. */
    static List<Key> keys(Key high, Key low) {
        return List.of(AlertKind.PIPELINE, high, low, AlertKind.CONSECUTIVE, AlertKind.OUTPUTS);
    }

    /** Reads a rule: its pipeline, its band as the kind reads it, then the keys every kind shares. */
    static <T extends AlertKind> T read(String name, ConfigNode node, Function<ConfigNode, Band> band, Maker<T> maker) {
        String pipeline = AlertKind.PIPELINE.required(node);
        Band read = band.apply(node);
        if (read.low() > read.high()) {
            node.problem("low", "must not be above high (" + read.high() + "), or the alert could never clear");
        }
        return maker.make(name, pipeline, read.high(), read.low(), AlertKind.CONSECUTIVE.integer(node, 1, 10_000),
                AlertKind.OUTPUTS.strings(node));
    }

    /** A rule on each bus's load factor, with {@code 56 of 60 passengers} as its detail. */
    static AlertRule.Streams onLoad(AlertKind rule, BusOccupancy occupancy) {
        return AlertRule.streams(rule, occupancy.load(), BusOccupancy.BusLoad::load,
                load -> load.occupancy() + " of " + load.capacity() + " passengers");
    }
}
