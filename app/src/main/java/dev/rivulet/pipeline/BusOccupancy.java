package dev.rivulet.pipeline;

import dev.rivulet.sensors.Reading;
import dev.rivulet.status.RuleCounts;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The flagship pipeline: per bus, occupancy = running sum of boardings − alightings, kept within [0, crush load]
 * and brought back to 0 at the end of a trip, with every reading left out and every correction counted (the
 * {@link BusLedger}); its load factor and GTFS-Realtime level; per stop, boardings and alightings over a
 * sliding window.
 *
 * <pre>
 *  readings ─┬─ (bus, door event: where + plausibility) ─┬─ updateStateByKey(ledger) ─► ledger ─► occupancy
 *            │                                           │                                 ├─► doors (per batch)
 *            │                                           └─ passed, at a stop: (stop, [in, out]) ─ folded per
 *            │                                              slide ─ window of slides ─► stops (boardings, alightings)
 *            └─ (bus, time and trip labels) ─ updateStateByKey(newest) ─► last reading ─► load, with the ledger
 *                                                                             (+ batch time, open sensor faults)
 * </pre>
 *
 * The per-stop windows take the readings that pass the checks needing no occupancy ({@code where},
 * {@code negative-count}, {@code event-over-crush-load}); the rest is the ledger's.
 */
public final class BusOccupancy {

    /**
     * One bus after a batch.
     *
     * @param occupancy           passengers on board, within [0, crush load]
     * @param capacity            seats
     * @param load                occupancy / seats
     * @param standing            standing places; the crush load is seats + standing
     * @param level               the GTFS-Realtime occupancy status; NO_DATA_AVAILABLE when the counter is faulty
     *                            (an open sensor-fault alert) or silent (no reading for {@code stale-after})
     * @param percentage          GTFS-Realtime occupancy_percentage: occupancy against seats + standing, in the
     *                            pipeline's step; -1 with NO_DATA_AVAILABLE
     * @param rejected            readings left out since the bus was first seen, per rule
     * @param corrections         corrections made to the occupancy (to 0, to the crush load, at a trip end)
     * @param correctedPassengers passengers added or removed by those corrections
     * @param largestCorrection   the largest single correction
     * @param tripEnds            trips ended
     * @param faultShare          share of the bus's recent readings rejected (about the last eight)
     * @param lastReading         the newest reading's time and trip
     */
    public record BusLoad(long occupancy, int capacity, double load, int standing, OccupancyLevel level,
                          int percentage, Map<String, Long> rejected, long corrections, long correctedPassengers,
                          long largestCorrection, long tripEnds, double faultShare, LastReading lastReading) {

        /** The rejected counts as {@link RuleCounts}: sorted by rule, unchangeable, copied only when they are not already. */
        public BusLoad {
            rejected = RuleCounts.of(rejected);
        }

        /** Seats and standing room. */
        public int crushLoad() {
            return capacity + standing;
        }

        /** Readings left out by every rule together. */
        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final BusOccupancyPipeline settings;
    /** The settings' percentage step, worked out once: it looks at every bus configured. */
    private final int percentageStep;
    private final PairDStream<String, BusLedger.Ledger> ledger;
    private final PairDStream<String, LastReading> lastReadings;
    private final PairDStream<String, Long> occupancy;
    private final PairDStream<String, BusLoad> load;
    private final PairDStream<String, List<Long>> doors;
    private final PairDStream<String, StopCount> stopCounts;
    private final PairDStream<String, StopCount> stops;
    private final PairDStream<String, Long> boardingsPerStop;
    private final PairDStream<String, Long> alightingsPerStop;

    /** Builds the streams from the readings of the pipeline's sources, with no sensor-fault alert watching them. */
    public BusOccupancy(BusOccupancyPipeline settings, DStream<Reading> readings) {
        this(settings, readings, Set::of);
    }

    /**
     * Builds the streams from the readings of the pipeline's sources; {@code faulty} names the buses with a
     * sensor-fault alert open, asked at each batch (the alerts of the batch before).
     */
    public BusOccupancy(BusOccupancyPipeline settings, DStream<Reading> readings, Supplier<Set<String>> faulty) {
        this.settings = settings;
        this.percentageStep = settings.percentageStep();
        Plausibility plausibility = new Plausibility(settings);
        boolean rejectJump = settings.rules().rejectJumpOverCrush();
        PairDStream<String, DoorEvent> doorEvents = readings.mapToPair(r -> Pair.of(r.key(), plausibility.event(r)));
        this.ledger = doorEvents.updateStateByKey((List<DoorEvent> events, Optional<BusLedger.Ledger> state) ->
                BusLedger.update(events, state, rejectJump));
        VehicleFeedSettings.TripLabels labels = settings.feed().tripLabels();
        // Each bus's last reading of the batch, kept as it arrives (a push-mode reduce), so the batch's readings
        // need not all be held until it closes: during a backlog drain that was most of the heap.
        this.lastReadings = readings.mapToPair(r -> Pair.of(r.key(), r))
                .reduceByKey((earlier, later) -> later)
                .stream().transformToPair(batch -> batch.records().stream()
                        .map(bus -> Pair.of(bus.key(), LastReading.of(bus.value(), batch.time(), labels))).toList())
                .updateStateByKey(LastReading::update);
        this.occupancy = ledger.mapValues(BusLedger.Ledger::occupancy);
        long staleAfter = settings.feed().staleAfter().toMillis();
        this.load = ledger.leftOuterJoin(lastReadings).stream().transformToPair(batch -> {
            Set<String> faults = faulty.get();
            List<Pair<String, BusLoad>> buses = new ArrayList<>(batch.size());
            for (Pair<String, Pair<BusLedger.Ledger, Optional<LastReading>>> bus : batch) {
                LastReading last = bus.value().value().orElse(null);
                boolean silent = last == null || batch.time() - last.batchTime() >= staleAfter;
                buses.add(Pair.of(bus.key(), busLoad(bus.key(), bus.value().key(), last,
                        silent || faults.contains(bus.key()))));
            }
            return buses;
        });
        this.doors = ledger.filter(bus -> bus.value().batchAccepted() > 0)
                .mapValues(state -> List.of(state.batchIn(), state.batchOut()));
        // From the door events, not from the readings: the events carry the checks' verdict, made once a reading.
        this.stopCounts = doorEvents.stream()
                .filter(bus -> bus.value().stop() != null && bus.value().rejectedBy() == null)
                .mapToPair(bus -> Pair.of(bus.value().stop(), new StopCount(bus.value().in(), bus.value().out())));
        this.stops = perStopWindow(stopCounts, settings.window(), settings.slide(), readings.context().batchInterval());
        this.boardingsPerStop = stops.filter(count -> count.value().boardings() != 0).mapValues(StopCount::boardings);
        this.alightingsPerStop = stops.filter(count -> count.value().alightings() != 0).mapValues(StopCount::alightings);
    }

    /**
     * Per stop, boardings and alightings over {@code window}, every {@code slide}; stops with neither are left out.
     * When the window is a whole number of slides longer than a batch, the batches are folded per slide first and the
     * window sums its slides' partials afresh at each slide, so it remembers (and every checkpoint carries) one
     * partial per stop and slide, and no previous window: a 5-minute window sliding every 30 s over 1 s batches keeps
     * 30 + 10 partials, not 300 and the window. Otherwise the window is kept up to date incrementally (an inverse
     * takes out the batches that left). The sums are the same.
     */
    static PairDStream<String, StopCount> perStopWindow(PairDStream<String, StopCount> counts, Duration window,
                                                        Duration slide, Duration batchInterval) {
        if (slide.compareTo(batchInterval) > 0 && window.toMillis() % slide.toMillis() == 0) {
            return counts.reduceByKeyAndWindow(StopCount::plus, slide, slide)
                    .reduceByKeyAndWindow(StopCount::plus, window, slide)
                    .filter(count -> !count.value().isZero());
        }
        return counts.reduceByKeyAndWindow(StopCount::plus, StopCount::minus, window, slide,
                count -> !count.value().isZero());
    }

    private BusLoad busLoad(String bus, BusLedger.Ledger state, LastReading last, boolean noData) {
        int seats = settings.capacityOf(bus);
        int standing = settings.crushLoadOf(bus) - seats;
        long passengers = state.occupancy();
        OccupancyLevel level = noData ? OccupancyLevel.NO_DATA_AVAILABLE
                : OccupancyLevel.of(passengers, seats, standing, settings.rules());
        int percentage = noData ? -1 : OccupancyLevel.percentage(passengers, seats + standing, percentageStep);
        return new BusLoad(passengers, seats, passengers / (double) seats, standing, level, percentage,
                state.rejected(), state.corrections(), state.correctedPassengers(), state.largestCorrection(),
                state.tripEnds(), state.faultShare(), last);
    }

    /** The pipeline's settings. */
    public BusOccupancyPipeline settings() {
        return settings;
    }

    /** The ledger per bus, every batch, every bus seen so far: the state checkpoints carry. */
    public PairDStream<String, BusLedger.Ledger> ledger() {
        return ledger;
    }

    /** Each bus's newest reading (time and trip), every batch, every bus seen so far. */
    public PairDStream<String, LastReading> lastReadings() {
        return lastReadings;
    }

    /** Passengers on board per bus, every batch, every bus seen so far. */
    public PairDStream<String, Long> occupancy() {
        return occupancy;
    }

    /** Occupancy with capacity and load factor per bus, every batch. */
    public PairDStream<String, BusLoad> load() {
        return load;
    }

    /** Accepted boardings and alightings per bus in each batch ([in, out]); only buses with accepted door events. */
    public PairDStream<String, List<Long>> doors() {
        return doors;
    }

    /**
     * Each accepted door event that names a stop, as the stop and its counts: what {@link #stops()} and the summaries'
     * stops add up.
     */
    public PairDStream<String, StopCount> stopCounts() {
        return stopCounts;
    }

    /** Boardings and alightings per stop over the window, every slide; stops with neither are left out. */
    public PairDStream<String, StopCount> stops() {
        return stops;
    }

    /** Boardings per stop over the window, every slide; stops with none are left out. */
    public PairDStream<String, Long> boardingsPerStop() {
        return boardingsPerStop;
    }

    /** Alightings per stop over the window, every slide; stops with none are left out. */
    public PairDStream<String, Long> alightingsPerStop() {
        return alightingsPerStop;
    }
}
