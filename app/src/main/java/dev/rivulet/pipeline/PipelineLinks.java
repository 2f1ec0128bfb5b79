package dev.rivulet.pipeline;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the gateway lends a pipeline when it opens ({@link PipelineKind#open}): where its results go. A pipeline
 * kind says what it computes; the gateway owns the status page, the outputs, the alert rules and the outbox.
 */
public interface PipelineLinks {

    /** The engine's batch interval. */
    Duration batchInterval();

    /** Readings an aggregate's {@code where} left out, per key and rule, for the status page. */
    void showRejected(String pipeline, PairDStream<String, Map<String, Long>> rejected);

    /** The pipeline's results, every batch, to its outputs (any kind of output that takes results). */
    void sendResults(String pipeline, List<String> outputs, DStream<Result> results);

    /** Each bus's load, every batch, for the status page. */
    void showBuses(String pipeline, PairDStream<String, BusOccupancy.BusLoad> load);

    /** The alert rules that watch this bus-occupancy pipeline, on its streams. */
    void watch(BusOccupancy occupancy);

    /** The alert rules that watch this aggregate, on its result per key. */
    void watch(AggregatePipeline aggregate, PairDStream<String, Double> results);

    /** The fleet summaries sent upstream from this bus-occupancy pipeline, when upstream is on. */
    void summarise(BusOccupancy occupancy);
}
