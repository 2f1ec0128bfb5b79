package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.signals.Measure;
import dev.rivulet.signals.SignalSpec;
import java.util.List;

/**
 * A rule that raises and clears alerts with hysteresis, {@code alerts.NAME}: it watches a pipeline's signal by
 * name ({@code watch: occupancy.load}); an alert is raised when the signal reaches {@code high} for
 * {@code consecutive} batches in a row, and cleared when it falls below {@code low}: one message per change, never
 * one per batch. One record per kind declares its keys ({@link Kind#keys()}), its default signal and the signals it
 * can watch; the gateway runs every kind the same way. To add a kind, add its record to this folder and to
 * {@link AlertKinds#KINDS}.
 */
public sealed interface AlertKind permits BusierThanUsualAlert, CapacityAlert, SensorFaultAlert, ThresholdAlert {

    /** Every kind's {@code watch}. (The keys every kind shares live here, not in {@link AlertKinds}, so the kinds'
     * declarations never wait on the list of kinds while classes load.) */
    Key WATCH = new Key("watch", Key.Type.STRING, "",
            "the signal watched, PIPELINE.SIGNAL (e.g. occupancy.load); PIPELINE alone: the kind's own signal");
    /** Every kind's {@code pipeline}: {@code watch} with the pipeline alone, as files before signals wrote it. */
    Key PIPELINE = new Key("pipeline", Key.Type.STRING, "",
            "the pipeline watched, on the kind's own signal (the same as watch: PIPELINE)");
    /** Every kind's {@code consecutive}. */
    Key CONSECUTIVE = new Key("consecutive", Key.Type.INTEGER, "2", "batches in a row at or above high before raising");
    /** Every kind's {@code outputs}; {@code log} is there without being declared. */
    Key OUTPUTS = new Key("outputs", Key.Type.LIST, "[log]", "where alerts go: output names");

    /**
     * A kind's keys: the shared ones around its {@code high} and {@code low}. (Here, not in {@link AlertKinds}: a
     * kind's declaration calling into the list of kinds while it loads found its own entry still null.)
     */
    static List<Key> keys(Key high, Key low) {
        return List.of(WATCH, PIPELINE, high, low, CONSECUTIVE, OUTPUTS);
    }

    /** The kind's {@code type}, as the configuration names it. */
    String type();

    /** The rule's name, part of every alert's id. */
    String name();

    /** The pipeline watched. */
    String pipeline();

    /** The signal watched, as {@code watch} names it; null: {@link #defaultSignal()}. */
    String signal();

    /** Raise at or above. */
    double high();

    /** Clear below; at most {@link #high()}. */
    double low();

    /** Batches in a row at or above high before raising. */
    int consecutive();

    /** Where alerts go: output names. */
    List<String> outputs();

    /** The signal it watches when the rule names only the pipeline; null: the pipeline's first (its default). */
    String defaultSignal();

    /**
     * Whether watching {@code signal} makes sense: the kinds with shares for high and low (90%) watch shares; a
     * threshold, in plain numbers, watches anything.
     */
    default boolean canWatch(SignalSpec signal) {
        return signal.measure() == Measure.SHARE;
    }

    /**
     * What the signal's number is measured against before high and low: the number itself for most kinds. Called
     * once, when the gateway builds the rule.
     */
    default Yardstick openYardstick() {
        return Yardstick.PLAIN;
    }
}
