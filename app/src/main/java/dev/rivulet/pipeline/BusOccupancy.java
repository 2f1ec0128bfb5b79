package dev.rivulet.pipeline;

import dev.rivulet.config.PipelineSettings;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.util.List;
import java.util.Optional;

/**
 * The flagship pipeline: per bus, occupancy = running sum of boardings − alightings, never below 0, and
 * its load factor; per stop, boardings and alightings over a sliding window.
 *
 * <pre>
 *  readings ─ where ─┬─ (bus, in − out) ─ reduceByKey ─ updateStateByKey(max 0) ─► occupancy ─► load
 *                    ├─ (bus, [in, out]) ─ reduceByKey ───────────────────────────► doors (per batch)
 *                    ├─ (stop, in) ─ reduceByKeyAndWindow(+, −) ──────────────────► boardings per stop
 *                    └─ (stop, out) ─ reduceByKeyAndWindow(+, −) ─────────────────► alightings per stop
 * </pre>
 */
public final class BusOccupancy {

    /** One bus after a batch. */
    public record BusLoad(long occupancy, int capacity, double load) {
    }

    private final PipelineSettings settings;
    private final PairDStream<String, Long> occupancy;
    private final PairDStream<String, BusLoad> load;
    private final PairDStream<String, List<Long>> doors;
    private final PairDStream<String, Long> boardingsPerStop;
    private final PairDStream<String, Long> alightingsPerStop;

    /** Builds the streams from the readings of the pipeline's sources. */
    public BusOccupancy(PipelineSettings settings, DStream<Reading> readings) {
        this.settings = settings;
        String in = settings.boardings();
        String out = settings.alightings();
        DStream<Reading> valid = readings.filter(new ReadingFilter(settings.where()));
        this.occupancy = valid
                .mapToPair(r -> Pair.of(r.key(), Saturating.subtract(Math.round(r.value(in)), Math.round(r.value(out)))))
                .reduceByKey(Saturating::add)
                .updateStateByKey(BusOccupancy::addNeverBelowZero);
        this.load = occupancy.mapToPair(bus -> Pair.of(bus.key(), busLoad(bus.key(), bus.value())));
        this.doors = valid
                .mapToPair(r -> Pair.of(r.key(), List.of(Math.round(r.value(in)), Math.round(r.value(out)))))
                .reduceByKey((a, b) -> List.of(Saturating.add(a.get(0), b.get(0)), Saturating.add(a.get(1), b.get(1))));
        String stop = settings.stopLabel();
        PairDStream<String, Long> stopIn = valid.filter(r -> r.label(stop) != null)
                .mapToPair(r -> Pair.of(r.label(stop), Math.round(r.value(in))));
        PairDStream<String, Long> stopOut = valid.filter(r -> r.label(stop) != null)
                .mapToPair(r -> Pair.of(r.label(stop), Math.round(r.value(out))));
        this.boardingsPerStop = stopIn.reduceByKeyAndWindow(Saturating::add, Saturating::subtract, settings.window(),
                settings.slide(), pair -> pair.value() != 0L);
        this.alightingsPerStop = stopOut.reduceByKeyAndWindow(Saturating::add, Saturating::subtract, settings.window(),
                settings.slide(), pair -> pair.value() != 0L);
    }

    private BusLoad busLoad(String bus, long passengers) {
        int capacity = settings.capacityOf(bus);
        return new BusLoad(passengers, capacity, passengers / (double) capacity);
    }

    static Optional<Long> addNeverBelowZero(List<Long> changes, Optional<Long> previous) {
        long occupancy = previous.orElse(0L);
        for (long change : changes) {
            occupancy = Saturating.add(occupancy, change);
        }
        return Optional.of(Math.max(0L, occupancy));
    }

    /** The pipeline's settings. */
    public PipelineSettings settings() {
        return settings;
    }

    /** Passengers on board per bus, every batch, every bus seen so far. */
    public PairDStream<String, Long> occupancy() {
        return occupancy;
    }

    /** Occupancy with capacity and load factor per bus, every batch. */
    public PairDStream<String, BusLoad> load() {
        return load;
    }

    /** Boardings and alightings per bus in each batch ([in, out]); only buses with door events. */
    public PairDStream<String, List<Long>> doors() {
        return doors;
    }

    /** Boardings per stop over the window, every slide; stops with none are left out. */
    public PairDStream<String, Long> boardingsPerStop() {
        return boardingsPerStop;
    }

    /** Alightings per stop over the window, every slide. */
    public PairDStream<String, Long> alightingsPerStop() {
        return alightingsPerStop;
    }
}
