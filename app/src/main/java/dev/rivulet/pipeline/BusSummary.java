package dev.rivulet.pipeline;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.signals.SummaryBody;
import dev.rivulet.status.RuleCounts;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A bus-occupancy pipeline's part of the periodic summary sent upstream: per bus, occupancy at the end of the
 * period, boardings and alightings in it, and the peak load. Schema: {@code docs/SUMMARY.md}.
 *
 * <p>Per bus and batch the pipeline's results become a {@link Row}; a window of one period folds them (the latest for the rest, sums of the doors, the peak), so only one small
 * entry per bus per batch is remembered. The counts of rejected readings and corrections are the ledger's,
 * since the bus was first seen (they survive restarts): a consumer takes differences between periods.
 */
final class BusSummary {

    /** The tag of a {@link Row} in a checkpoint (RecordCodec's table). */
    static final int ROW_TAG = 18;

    /**
     * One bus in one batch, or folded over part of a period: the window's checkpointed state.
     *
     * @param batchTime the latest batch folded in
     * @param peak      the highest occupancy at any batch folded in
     */
    record Row(long batchTime, long occupancy, long capacity, long boardings, long alightings, long peak, long standing,
               String level, long percentage, Map<String, Long> rejected, long corrections, long correctedPassengers) {

        /** The rejected counts as {@link RuleCounts}: sorted by rule, unchangeable, copied only when they are not already. */
        Row {
            rejected = RuleCounts.of(rejected);
        }

        /** A row from a checkpoint: this record, or the list of format 2 and before, read by position. */
        static Row upgrade(Object saved) {
            if (saved instanceof Row row) {
                return row;
            }
            if (saved instanceof List<?> v) {
                Map<String, Long> rejected = new TreeMap<>();
                ((Map<?, ?>) v.get(9)).forEach((rule, count) -> rejected.put((String) rule, (Long) count));
                return new Row((Long) v.get(0), (Long) v.get(1), (Long) v.get(2), (Long) v.get(3), (Long) v.get(4),
                        (Long) v.get(5), (Long) v.get(6), (String) v.get(7), (Long) v.get(8), rejected, (Long) v.get(10),
                        (Long) v.get(11));
            }
            throw new IllegalStateException("a summary row in the checkpoint is " + saved.getClass().getName()
                    + ", neither a row nor the list of format 2");
        }
    }

    private BusSummary() {
    }

    /** Makes {@link Row}s checkpointable in {@code codec}. */
    static RecordCodec registerCodec(RecordCodec codec) {
        return codec.registerBuiltIn(ROW_TAG, Row.class, new RecordCodec.NestedCodec<>() {
            @Override
            public void write(Row row, RecordCodec records, DataOutput out) throws IOException {
                for (long value : new long[] {row.batchTime(), row.occupancy(), row.capacity(), row.boardings(),
                        row.alightings(), row.peak(), row.standing()}) {
                    out.writeLong(value);
                }
                out.writeUTF(row.level());
                out.writeLong(row.percentage());
                out.writeInt(row.rejected().size());
                for (Map.Entry<String, Long> rule : row.rejected().entrySet()) {
                    out.writeUTF(rule.getKey());
                    out.writeLong(rule.getValue());
                }
                out.writeLong(row.corrections());
                out.writeLong(row.correctedPassengers());
            }

            @Override
            public Row read(RecordCodec records, DataInput in) throws IOException {
                long[] v = new long[7];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readLong();
                }
                String level = in.readUTF();
                long percentage = in.readLong();
                int rules = in.readInt();
                Map<String, Long> rejected = new TreeMap<>();
                for (int i = 0; i < rules; i++) {
                    rejected.put(in.readUTF(), in.readLong());
                }
                return new Row(v[0], v[1], v[2], v[3], v[4], v[5], v[6], level, percentage, rejected, in.readLong(),
                        in.readLong());
            }
        });
    }

    /**
     * One summary body per period: the {@code buses} array, and the {@code stops} array of boardings and alightings per
     * stop in the period (stops with neither left out).
     */
    static DStream<SummaryBody> perPeriod(BusOccupancy pipeline, Duration period) {
        PairDStream<String, LastReading> lastReadings = pipeline.lastReadings()
                .reduceByKeyAndWindow((a, b) -> b.batchTime() >= a.batchTime() ? b : a, period, period);
        DStream<?> buses = perBus(pipeline, period).leftOuterJoin(lastReadings).stream();
        DStream<?> stops = pipeline.stopCounts().reduceByKeyAndWindow(StopCount::plus, period, period).stream();
        return buses.context().transform(List.of(buses, stops), batches -> {
            List<Pair<String, Pair<Row, LastReading>>> rows = new ArrayList<>(batches.get(0).size());
            for (Object record : batches.get(0)) {
                // A window that began before a restart from format 2 may hand on a saved list as it is.
                Pair<?, ?> bus = (Pair<?, ?>) record;
                Pair<?, ?> joined = (Pair<?, ?>) bus.value();
                rows.add(Pair.of((String) bus.key(), Pair.of(Row.upgrade(joined.key()),
                        (LastReading) ((Optional<?>) joined.value()).orElse(null))));
            }
            rows.sort((x, y) -> x.key().compareTo(y.key()));
            TreeMap<String, StopCount> perStop = new TreeMap<>();
            for (Object record : batches.get(1)) {
                Pair<?, ?> stop = (Pair<?, ?>) record;
                StopCount count = (StopCount) stop.value();
                if (!count.isZero()) {
                    perStop.put((String) stop.key(), count);
                }
            }
            return List.of(body(rows, perStop));
        });
    }

    /** The per-bus entries, folded over each period. */
    static PairDStream<String, Row> perBus(BusOccupancy pipeline, Duration period) {
        PairDStream<String, Row> perBatch = pipeline.load().leftOuterJoin(pipeline.doors()).stream()
                .transformToPair(batch -> {
                    List<Pair<String, Row>> rows = new ArrayList<>(batch.size());
                    for (Pair<String, Pair<BusOccupancy.BusLoad, Optional<List<Long>>>> bus : batch) {
                        BusOccupancy.BusLoad load = bus.value().key();
                        List<Long> doors = bus.value().value().orElse(List.of(0L, 0L));
                        rows.add(Pair.of(bus.key(), new Row(batch.time(), load.occupancy(), load.capacity(),
                                doors.get(0), doors.get(1), load.occupancy(), load.standing(), load.level().name(),
                                load.percentage(), load.rejected(), load.corrections(), load.correctedPassengers())));
                    }
                    return rows;
                });
        return perBatch.reduceByKeyAndWindow(BusSummary::fold, period, period);
    }

    /**
     * The latest of everything but the doors (summed) and the peak (the highest). Either side may be a list saved by
     * format 2, hence {@code Object}: the window's saved batches come back as they were written.
     */
    static Row fold(Object first, Object second) {
        Row a = Row.upgrade(first);
        Row b = Row.upgrade(second);
        Row latest = a.batchTime() >= b.batchTime() ? a : b;
        return new Row(latest.batchTime(), latest.occupancy(), latest.capacity(),
                Saturating.add(a.boardings(), b.boardings()), Saturating.add(a.alightings(), b.alightings()),
                Math.max(a.peak(), b.peak()), latest.standing(), latest.level(), latest.percentage(), latest.rejected(),
                latest.corrections(), latest.correctedPassengers());
    }

    private static SummaryBody body(List<Pair<String, Pair<Row, LastReading>>> buses, Map<String, StopCount> stops) {
        return json -> {
            json.writeArrayFieldStart("buses");
            for (Pair<String, Pair<Row, LastReading>> bus : buses) {
                Row v = bus.value().key();
                LastReading last = bus.value().value();
                json.writeStartObject();
                json.writeStringField("bus", bus.key());
                json.writeNumberField("occupancy", v.occupancy());
                json.writeNumberField("capacity", v.capacity());
                json.writeNumberField("boardings", v.boardings());
                json.writeNumberField("alightings", v.alightings());
                json.writeNumberField("peakLoad", Math.round(v.peak() * 1000.0 / v.capacity()) / 1000.0);
                json.writeNumberField("standing", v.standing());
                json.writeStringField("occupancyStatus", v.level());
                if (v.percentage() >= 0) {
                    json.writeNumberField("occupancyPercentage", v.percentage());
                } else {
                    json.writeNullField("occupancyPercentage");
                }
                json.writeObjectFieldStart("rejected");
                for (Map.Entry<String, Long> rule : v.rejected().entrySet()) {
                    json.writeNumberField(rule.getKey(), rule.getValue());
                }
                json.writeEndObject();
                json.writeNumberField("corrections", v.corrections());
                json.writeNumberField("correctedPassengers", v.correctedPassengers());
                if (last != null) {
                    json.writeNumberField("lastReading", last.batchTime());
                }
                if (last != null && last.hasTrip()) {
                    json.writeObjectFieldStart("trip");
                    json.writeStringField("tripId", last.tripId());
                    json.writeStringField("routeId", last.routeId());
                    json.writeStringField("directionId", last.directionId());
                    json.writeStringField("startDate", last.startDate());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("stops");
            for (Map.Entry<String, StopCount> stop : stops.entrySet()) {
                json.writeStartObject();
                json.writeStringField("stop", stop.getKey());
                json.writeNumberField("boardings", stop.getValue().boardings());
                json.writeNumberField("alightings", stop.getValue().alightings());
                json.writeEndObject();
            }
            json.writeEndArray();
        };
    }
}
