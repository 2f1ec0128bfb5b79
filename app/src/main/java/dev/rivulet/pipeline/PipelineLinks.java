package dev.rivulet.pipeline;

import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
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

    /** An aggregate's result per key, every batch, to one of its outputs. */
    void sendResults(String pipeline, String output, PairDStream<String, Double> results);

    /** Each bus's load, every batch, for the status page. */
    void showBuses(String pipeline, PairDStream<String, BusOccupancy.BusLoad> load);

    /** Each bus's load, every batch, to one of the pipeline's outputs. */
    void sendBuses(String pipeline, String output, PairDStream<String, BusOccupancy.BusLoad> load);

    /** The alert rules that watch this bus-occupancy pipeline, on its streams. */
    void watch(BusOccupancy occupancy);

    /** The alert rules that watch this aggregate, on its result per key. */
    void watch(AggregatePipeline aggregate, PairDStream<String, Double> results);

    /** The fleet summaries sent upstream from this bus-occupancy pipeline, when upstream is on. */
    void summarise(BusOccupancy occupancy);
}
