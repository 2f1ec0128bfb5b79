package dev.rivulet.pipeline;

import dev.rivulet.signals.SummaryBody;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bus-occupancy pipeline's part of the periodic summary sent upstream: per bus, occupancy at the end of the
 * period, boardings and alightings in it, and the peak load. Schema: {@code docs/SUMMARY.md}.
 *
 * <p>Per bus and batch the pipeline's results become {@code [batch time, occupancy, capacity, boardings,
 * alightings, peak occupancy, standing, level, percentage, rejected per rule, corrections, corrected passengers]};
 * a window of one period folds them (the latest for the rest, sums of the doors, the peak), so only one small
 * entry per bus per batch is remembered. The counts of rejected readings and corrections are the ledger's,
 * since the bus was first seen (they survive restarts): a consumer takes differences between periods.
 */
final class BusSummary {

    private BusSummary() {
    }

    /** One summary body per period: the {@code buses} array. */
    static DStream<SummaryBody> perPeriod(BusOccupancy pipeline, Duration period) {
        return perBus(pipeline, period).stream().transform(batch -> {
            List<Pair<String, List<Object>>> buses = new ArrayList<>(batch.records());
            buses.sort((x, y) -> x.key().compareTo(y.key()));
            return List.of(body(buses));
        });
    }

    /** The per-bus entries, folded over each period. */
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
        return perBatch.reduceByKeyAndWindow(BusSummary::fold, period, period);
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

    private static SummaryBody body(List<Pair<String, List<Object>>> buses) {
        return json -> {
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
        };
    }
}
