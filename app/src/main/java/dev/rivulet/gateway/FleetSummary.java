package dev.rivulet.gateway;

import dev.rivulet.outputs.Json;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.Saturating;
import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The periodic summary sent upstream: per bus, occupancy at the end of the period, boardings and
 * alightings in it, and the peak load; the gateway's health. Schema: {@code docs/SUMMARY.md}.
 *
 * <p>Per bus and batch the pipeline's results become {@code [batch time, occupancy, capacity, boardings,
 * alightings, peak occupancy, standing, level, percentage, rejected per rule, corrections, corrected passengers]};
 * a window of one period folds them (the latest for the rest, sums of the doors, the peak), so only one small
 * entry per bus per batch is remembered. The counts of rejected readings and corrections are the ledger's,
 * since the bus was first seen (they survive restarts): a consumer takes differences between periods.
 */
final class FleetSummary {

    /** What the health part of a summary reports. */
    record Health(long batches, long records, long maxSchedulingDelayMillis, long maxProcessingMillis,
                  long dropped, long deadLetters, long outboxDepth) {
    }

    private FleetSummary() {
    }

    /** The summaries' stream: one list of per-bus entries per period. */
    static PairDStream<String, List<Object>> perBus(BusOccupancy pipeline, Duration period) {
        PairDStream<String, List<Object>> perBatch = pipeline.load().leftOuterJoin(pipeline.doors()).stream()
                .transformToPair(batch -> {
                    List<Pair<String, List<Object>>> rows = new ArrayList<>(batch.size());
                    for (Pair<String, Pair<BusOccupancy.BusLoad, Optional<List<Long>>>> bus : batch) {
                        BusOccupancy.BusLoad load = bus.value().key();
                        List<Long> doors = bus.value().value().orElse(List.of(0L, 0L));
                        rows.add(Pair.of(bus.key(), List.of(batch.time(), load.occupancy(), (long) load.capacity(),
                                doors.get(0), doors.get(1), load.occupancy(), (long) load.standing(), load.level().name(),
                                (long) load.percentage(), load.rejected(), load.corrections(), load.correctedPassengers())));
                    }
                    return rows;
                });
        return perBatch.reduceByKeyAndWindow(FleetSummary::fold, period, period);
    }

    /** The latest of everything but the doors (summed) and the peak (the highest). */
    static List<Object> fold(List<Object> a, List<Object> b) {
        List<Object> latest = number(a, 0) >= number(b, 0) ? a : b;
        List<Object> folded = new ArrayList<>(latest);
        folded.set(3, Saturating.add(number(a, 3), number(b, 3)));
        folded.set(4, Saturating.add(number(a, 4), number(b, 4)));
        folded.set(5, Math.max(number(a, 5), number(b, 5)));
        return List.copyOf(folded);
    }

    private static long number(List<Object> row, int index) {
        return (Long) row.get(index);
    }

    /** The JSON document for one period. */
    static byte[] json(String gatewayId, String pipeline, long periodMillis, Batch<Pair<String, List<Object>>> batch,
                       Supplier<Health> health) {
        long end = batch.time();
        List<Pair<String, List<Object>>> buses = new ArrayList<>(batch.records());
        buses.sort((x, y) -> x.key().compareTo(y.key()));
        Health h = health.get();
        return Json.object(json -> {
            json.writeStringField("schema", "rivulet.summary/1");
            json.writeStringField("id", id(gatewayId, pipeline, end));
            json.writeStringField("gateway", gatewayId);
            json.writeStringField("pipeline", pipeline);
            json.writeNumberField("periodStart", end - periodMillis);
            json.writeNumberField("periodEnd", end);
            json.writeArrayFieldStart("buses");
            for (Pair<String, List<Object>> bus : buses) {
                List<Object> v = bus.value();
                json.writeStartObject();
                json.writeStringField("bus", bus.key());
                json.writeNumberField("occupancy", number(v, 1));
                json.writeNumberField("capacity", number(v, 2));
                json.writeNumberField("boardings", number(v, 3));
                json.writeNumberField("alightings", number(v, 4));
                json.writeNumberField("peakLoad", Math.round(number(v, 5) * 1000.0 / number(v, 2)) / 1000.0);
                json.writeNumberField("standing", number(v, 6));
                json.writeStringField("occupancyStatus", (String) v.get(7));
                json.writeNumberField("occupancyPercentage", number(v, 8));
                json.writeObjectFieldStart("rejected");
                for (Map.Entry<?, ?> rule : ((Map<?, ?>) v.get(9)).entrySet()) {
                    json.writeNumberField(rule.getKey().toString(), (Long) rule.getValue());
                }
                json.writeEndObject();
                json.writeNumberField("corrections", number(v, 10));
                json.writeNumberField("correctedPassengers", number(v, 11));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("health");
            json.writeNumberField("batches", h.batches());
            json.writeNumberField("records", h.records());
            json.writeNumberField("maxSchedulingDelayMs", h.maxSchedulingDelayMillis());
            json.writeNumberField("maxProcessingMs", h.maxProcessingMillis());
            json.writeNumberField("dropped", h.dropped());
            json.writeNumberField("deadLetters", h.deadLetters());
            json.writeNumberField("outboxDepth", h.outboxDepth());
            json.writeEndObject();
        });
    }

    /**
     * The stable id of a period's summary of one pipeline: two bus-occupancy pipelines close their periods at the same
     * batch, and an id without the pipeline made the outbox take the second one for a repeat of the first.
     */
    static String id(String gatewayId, String pipeline, long periodEnd) {
        return "summary/" + gatewayId + "/" + pipeline + "/" + periodEnd;
    }
}
