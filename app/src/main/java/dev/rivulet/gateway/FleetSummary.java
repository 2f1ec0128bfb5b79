package dev.rivulet.gateway;

import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.Saturating;
import dev.rivulet.streaming.Batch;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The periodic summary sent upstream: per bus, occupancy at the end of the period, boardings and
 * alightings in it, and the peak load; the gateway's health. Schema: {@code docs/SUMMARY.md}.
 *
 * <p>Per bus and batch the pipeline's results become {@code [batch time, occupancy, capacity, boardings,
 * alightings, peak occupancy]}; a window of one period folds them (latest occupancy, sums, maximum), so
 * only one small entry per bus per batch is remembered.
 */
final class FleetSummary {

    /** What the health part of a summary reports. */
    record Health(long batches, long records, long maxSchedulingDelayMillis, long maxProcessingMillis,
                  long dropped, long deadLetters, long outboxDepth) {
    }

    private FleetSummary() {
    }

    /** The summaries' stream: one list of per-bus entries per period. */
    static PairDStream<String, List<Long>> perBus(BusOccupancy pipeline, Duration period) {
        PairDStream<String, List<Long>> perBatch = pipeline.load().leftOuterJoin(pipeline.doors()).stream()
                .transformToPair(batch -> {
                    List<Pair<String, List<Long>>> rows = new ArrayList<>(batch.size());
                    for (Pair<String, Pair<BusOccupancy.BusLoad, Optional<List<Long>>>> bus : batch) {
                        BusOccupancy.BusLoad load = bus.value().key();
                        List<Long> doors = bus.value().value().orElse(List.of(0L, 0L));
                        rows.add(Pair.of(bus.key(), List.of(batch.time(), load.occupancy(), (long) load.capacity(),
                                doors.get(0), doors.get(1), load.occupancy())));
                    }
                    return rows;
                });
        return perBatch.reduceByKeyAndWindow(FleetSummary::fold, period, period);
    }

    /** Latest occupancy, summed doors, highest occupancy. */
    static List<Long> fold(List<Long> a, List<Long> b) {
        List<Long> latest = a.get(0) >= b.get(0) ? a : b;
        return List.of(latest.get(0), latest.get(1), latest.get(2),
                Saturating.add(a.get(3), b.get(3)), Saturating.add(a.get(4), b.get(4)),
                Math.max(a.get(5), b.get(5)));
    }

    /** The JSON document for one period. */
    static byte[] json(String gatewayId, long periodMillis, Batch<Pair<String, List<Long>>> batch, Supplier<Health> health) {
        long end = batch.time();
        List<Pair<String, List<Long>>> buses = new ArrayList<>(batch.records());
        buses.sort((x, y) -> x.key().compareTo(y.key()));
        Health h = health.get();
        return Json.object(json -> {
            json.writeStringField("schema", "rivulet.summary/1");
            json.writeStringField("id", id(gatewayId, end));
            json.writeStringField("gateway", gatewayId);
            json.writeNumberField("periodStart", end - periodMillis);
            json.writeNumberField("periodEnd", end);
            json.writeArrayFieldStart("buses");
            for (Pair<String, List<Long>> bus : buses) {
                List<Long> v = bus.value();
                json.writeStartObject();
                json.writeStringField("bus", bus.key());
                json.writeNumberField("occupancy", v.get(1));
                json.writeNumberField("capacity", v.get(2));
                json.writeNumberField("boardings", v.get(3));
                json.writeNumberField("alightings", v.get(4));
                json.writeNumberField("peakLoad", Math.round(v.get(5) * 1000.0 / v.get(2)) / 1000.0);
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

    /** The stable id of a period's summary. */
    static String id(String gatewayId, long periodEnd) {
        return "summary/" + gatewayId + "/" + periodEnd;
    }
}
