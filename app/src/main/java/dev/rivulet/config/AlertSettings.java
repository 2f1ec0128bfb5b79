package dev.rivulet.config;

import dev.rivulet.outputs.LogOutput;
import java.util.List;

/**
 * A rule that raises and clears alerts with hysteresis: {@code alerts.NAME}.
 *
 * <p>{@code type: capacity} watches a bus-occupancy pipeline's load factor (occupancy / capacity);
 * {@code type: sensor-fault} watches a bus-occupancy pipeline's door counters: the share of a bus's recent
 * readings (about the last eight) that its rules left out; {@code type: threshold} watches an aggregate
 * pipeline's value. An alert is raised when the watched number
 * reaches {@code high} for {@code consecutive} batches in a row, and cleared when it falls below {@code low}:
 * one message per change, never one per batch.
 *
 * @param name        the rule's name (part of every alert's id)
 * @param type        capacity, sensor-fault or threshold
 * @param pipeline    the pipeline watched
 * @param high        raise at or above (capacity: a fraction, default 90%; sensor-fault: default 30%; threshold: a number)
 * @param low         clear below (capacity: default 80%; sensor-fault: default 10%; threshold: a number, at most high)
 * @param consecutive batches in a row at or above high before raising (default 2)
 * @param outputs     where alerts go: output names
 */
public record AlertSettings(String name, String type, String pipeline, double high, double low, int consecutive,
                            List<String> outputs) {

    static AlertSettings read(String name, ConfigNode node) {
        String type = node.choice("type", "capacity", "capacity", "sensor-fault", "threshold");
        String pipeline = node.required("pipeline", "the name of the pipeline this rule watches");
        double high;
        double low;
        if ("capacity".equals(type)) {
            high = node.fraction("high", 0.9);
            low = node.fraction("low", 0.8);
        } else if ("sensor-fault".equals(type)) {
            high = node.fraction("high", 0.3);
            low = node.fraction("low", 0.1);
        } else {
            high = node.number("high", Double.NaN, -1e12, 1e12);
            low = node.number("low", high, -1e12, 1e12);
            if (Double.isNaN(high)) {
                node.problem("high", "is required for a threshold alert: the value that raises it");
            }
        }
        if (low > high) {
            node.problem("low", "must not be above high (" + high + "), or the alert could never clear");
        }
        int consecutive = node.integer("consecutive", 2, 1, 10_000);
        List<String> outputs = node.strings("outputs", List.of(LogOutput.DEFAULT.name()));
        node.rejectUnknown();
        return new AlertSettings(name, type, pipeline, high, low, consecutive, outputs);
    }
}
