package dev.rivulet.alerts;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Kind;
import dev.rivulet.signals.SignalSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The declared alert kinds, the keys they share, and how {@code alerts.NAME} finds its kind by its {@code type}. */
public final class AlertKinds {

    /** Every alert kind, in the order the README lists them; the first is the kind of a rule without a type. */
    public static final List<Kind<AlertKind>> KINDS = List.of(CapacityAlert.KIND, SensorFaultAlert.KIND, ThresholdAlert.KIND,
            BusierThanUsualAlert.KIND);

    /** The two numbers of a rule: raise at or above {@code high}, clear below {@code low}. */
    record Band(double high, double low) {
    }

    /** How a kind's record is made from what every kind reads. */
    interface Maker<T extends AlertKind> {
        T make(String name, String pipeline, String signal, double high, double low, int consecutive,
               List<String> outputs);
    }

    private AlertKinds() {
    }

    /** Registers the record codecs of the alert rules' checkpointed state. */
    public static RecordCodec registerCodecs(RecordCodec codec) {
        return Hysteresis.registerCodec(codec);
    }

    /** Reads {@code alerts.NAME}: its {@code type} (capacity when absent), then the keys of that kind. */
    public static AlertKind read(String name, ConfigNode node) {
        AlertKind rule = Kind.read(name, node, KINDS, KINDS.get(0));
        node.rejectUnknown();
        return rule;
    }


    /**
     * Reads a rule: what it watches ({@code watch: PIPELINE.SIGNAL}, or {@code pipeline}), its band as the kind
     * reads it, then the keys every kind shares.
     */
    static <T extends AlertKind> T read(String name, ConfigNode node, Function<ConfigNode, Band> band, Maker<T> maker) {
        String pipeline;
        String signal = null;
        if (node.has(AlertKind.WATCH.name())) {
            String watch = AlertKind.WATCH.string(node);
            int dot = watch.indexOf('.');
            pipeline = dot < 0 ? watch : watch.substring(0, dot);
            signal = dot < 0 ? null : watch.substring(dot + 1);
            String named = node.has(AlertKind.PIPELINE.name()) ? AlertKind.PIPELINE.string(node) : pipeline;
            if (!named.equals(pipeline)) {
                node.problem(AlertKind.PIPELINE.name(), named + " is not the pipeline watch: " + watch + " names (" + pipeline
                        + "): drop pipeline, watch says it");
            }
            if (pipeline.isEmpty() || (signal != null && signal.isEmpty())) {
                node.problem(AlertKind.WATCH.name(), "'" + watch + "' is not a signal: write PIPELINE.SIGNAL, e.g."
                        + " occupancy.load, or the pipeline alone for the kind's own signal");
            }
        } else if (node.has(AlertKind.PIPELINE.name())) {
            pipeline = AlertKind.PIPELINE.string(node);
        } else {
            node.problem(AlertKind.PIPELINE.name(), "is required: name the signal this rule watches, watch: PIPELINE.SIGNAL"
                    + " (e.g. occupancy.load), or the pipeline, pipeline: NAME, for the kind's own signal");
            pipeline = null;
        }
        Band read = band.apply(node);
        if (read.low() > read.high()) {
            node.problem("low", "must not be above high (" + read.high() + "), or the alert could never clear");
        }
        return maker.make(name, pipeline, signal, read.high(), read.low(), AlertKind.CONSECUTIVE.integer(node, 1, 10_000),
                AlertKind.OUTPUTS.strings(node));
    }

    /** The name of the signal {@code rule} watches among a pipeline's {@code signals} (declared, default first). */
    public static String wantedSignal(AlertKind rule, List<SignalSpec> signals) {
        if (rule.signal() != null) {
            return rule.signal();
        }
        return rule.defaultSignal() != null || signals.isEmpty() ? rule.defaultSignal() : signals.get(0).name();
    }

    /** The signal {@code rule} watches among a pipeline's {@code signals}; empty when the pipeline has none such. */
    public static Optional<SignalSpec> signalOf(AlertKind rule, List<SignalSpec> signals) {
        String wanted = wantedSignal(rule, signals);
        return signals.stream().filter(signal -> signal.name().equals(wanted)).findFirst();
    }
}
