package dev.rivulet.alerts;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.outputs.LogOutput;
import dev.rivulet.pipeline.AggregatePipeline;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.BusOccupancyPipeline;
import dev.rivulet.pipeline.PipelineKind;
import dev.rivulet.streaming.PairDStream;
import java.util.List;

/**
 * A rule that raises and clears alerts with hysteresis, {@code alerts.NAME}: an alert is raised when the watched
 * number reaches {@code high} for {@code consecutive} batches in a row, and cleared when it falls below
 * {@code low}: one message per change, never one per batch. One record per kind declares its keys
 * ({@link Kind#keys()}), reads and checks them and says what it watches ({@link #watch}). To add a kind, add its
 * record to this folder and to {@link AlertKinds#KINDS}.
 */
public sealed interface AlertKind permits CapacityAlert, SensorFaultAlert, ThresholdAlert {

    /** Every kind's {@code pipeline}. (The keys every kind shares live here, not in {@link AlertKinds}, so the kinds'
     * declarations never wait on the list of kinds while classes load.) */
    Key PIPELINE = new Key("pipeline", Key.Type.STRING, "", "the name of the pipeline this rule watches");
    /** Every kind's {@code consecutive}. */
    Key CONSECUTIVE = new Key("consecutive", Key.Type.INTEGER, "2", "batches in a row at or above high before raising");
    /** Every kind's {@code outputs}. */
    Key OUTPUTS = new Key("outputs", Key.Type.LIST, "[" + LogOutput.DEFAULT.name() + "]", "where alerts go: output names");

    /** The kind's {@code type}, as the configuration names it. */
    String type();

    /** The rule's name, part of every alert's id. */
    String name();

    /** The pipeline watched. */
    String pipeline();

    /** Raise at or above. */
    double high();

    /** Clear below; at most {@link #high()}. */
    double low();

    /** Batches in a row at or above high before raising. */
    int consecutive();

    /** Where alerts go: output names. */
    List<String> outputs();

    /** Whether it can watch {@code pipeline}; the kinds that watch buses need a bus-occupancy pipeline. */
    default boolean canWatch(PipelineKind pipeline) {
        return pipeline instanceof BusOccupancyPipeline;
    }

    /** The rule's alerts over a bus-occupancy pipeline's buses. */
    AlertRule.Streams watch(BusOccupancy occupancy);

    /**
     * The rule's alerts over an aggregate's result per key. Only kinds that {@link #canWatch} an aggregate are
     * asked: the configuration check refuses the others.
     */
    default AlertRule.Streams watch(AggregatePipeline aggregate, PairDStream<String, Double> results) {
        throw new IllegalStateException(type() + " alert " + name() + " cannot watch the aggregate " + aggregate.name()
                + ": the configuration check should have refused it");
    }
}
