package dev.rivulet.pipeline;

import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Reading;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.streaming.DStream;
import java.time.Duration;
import java.util.List;

/**
 * A pipeline, {@code pipelines.NAME}: what is computed from the readings of its sources. One record per kind
 * declares its keys ({@link Kind#keys()}), reads and checks them and opens its streams on the engine
 * ({@link #open}). To add a kind, add its record to this folder and to {@link PipelineKinds#KINDS}; nothing outside
 * the folder names it.
 */
public interface PipelineKind {

    /** Every kind's {@code source}. (The keys every kind shares live here, not in {@link PipelineKinds}, so the kinds'
     * declarations never wait on the list of kinds while classes load.) */
    Key SOURCE = new Key("source", Key.Type.LIST, "", "the source this pipeline reads (or a list of them, also as sources:)");
    /** Every kind's {@code where}. */
    Key WHERE = new Key("where", Key.Type.LIST, "[]",
            "conditions a reading must meet, e.g. [in >= 0]; readings failing them are left out and counted");
    /** Every kind's {@code outputs}. */
    Key OUTPUTS = new Key("outputs", Key.Type.LIST, "[]", "per-batch results to outputs, e.g. [log]");

    /** The pipeline's name under {@code pipelines}. */
    String name();

    /** The sources it reads. */
    List<String> sources();

    /** Its window's length, a multiple of the batch interval; null: per batch. */
    Duration window();

    /** How often its window is computed; null: every batch. */
    Duration slide();

    /** The outputs its per-batch results go to. */
    List<String> outputs();

    /**
     * The signals it publishes for alert rules, the default first: what {@code watch: NAME.SIGNAL} may name, and
     * {@code pipeline: NAME} watches when the rule's kind has no default of its own.
     */
    List<SignalSpec> signals();

    /**
     * The labels it keys state by (an aggregate's {@code key: label:NAME}, a bus-occupancy pipeline's stops): a
     * source's {@code max-keys} limits each one's values as it limits the readings' keys. A window keyed by a label
     * counts too: it forgets a value once it has passed, but until then it holds every value the readings brought,
     * and a flood of made-up ones at the source's {@code max-rate} would fill the heap within the window.
     */
    default List<String> labelsKeyedBy() {
        return List.of();
    }

    /**
     * Whether it shows its values on the status page, {@code /api/status} and /metrics by itself (a bus-occupancy
     * pipeline's buses and stops). A pipeline that does not, with no {@code outputs} and no alert rule watching it,
     * computes nothing anyone sees: {@code check-config} and {@code run} warn of it.
     */
    default boolean showsItsValues() {
        return false;
    }

    /** Builds its streams on {@code readings} and hands what they produce to what the gateway lends. */
    void open(DStream<Reading> readings, PipelineLinks links);
}
