package dev.rivulet.pipeline;

import dev.rivulet.signals.Result;
import dev.rivulet.signals.Signal;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.signals.SummaryBody;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the gateway lends one pipeline when it opens ({@link PipelineKind#open}). A pipeline kind computes, publishes
 * its signals and results and says how its rows look; the gateway, which knows no kind, owns the alert rules, the
 * outputs, the status page and the outbox.
 */
public interface PipelineLinks {

    /** The engine's batch interval. */
    Duration batchInterval();

    /**
     * A signal the kind declared in {@link PipelineKind#signals()}, for the alert rules that watch it. Every declared
     * signal must be published: {@code check-config} has held rules to the declarations.
     */
    void publish(Signal<?> signal);

    /** The pipeline's results, every batch, to its outputs (any output kind that takes results). */
    void sendResults(DStream<Result> results);

    /** Rows for the status page, {@code /api/status}, {@code rivulet status}, /metrics and the GTFS-Realtime feed. */
    <V> void show(PairDStream<String, V> values, Function<V, FleetStatus.Bus> row);

    /**
     * Counts per stop over the pipeline's {@code window}, every slide, for the status page, {@code /api/status} and
     * /metrics: each slide's stops replace the ones shown before (a stop with nothing left in the window is gone).
     */
    void showStops(Duration window, DStream<FleetStatus.Stop> stops);

    /**
     * The keys with an alert open now on this pipeline's {@code signal} (e.g. the buses a sensor-fault rule watching
     * fault-share has raised on), as of the batch before: asked by a pipeline's own streams at each batch.
     */
    Set<String> keysAlertedOn(SignalSpec signal);

    /** Readings its {@code where} left out per key and rule, since first seen, for the status page. */
    void showRejected(PairDStream<String, Map<String, Long>> rejected);

    /** How often upstream summaries are sent; empty when upstream is off. */
    Optional<Duration> summaryPeriod();

    /** One summary upstream per period: the pipeline's part, in the envelope the gateway writes. */
    void sendSummaries(DStream<SummaryBody> summaries);
}
