package dev.rivulet.status;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fleet now: every bus's load with its recent history, and the alerts not yet cleared.
 *
 * @param batchTime           the last batch shown (epoch milliseconds), or -1 before the first
 * @param batchIntervalMillis the time between two history points
 * @param buses               every bus, in the order to show them
 * @param openAlerts          alerts raised and not cleared, oldest first
 * @param aggregateRejected   per aggregate pipeline and rule, readings its {@code where} left out (the buses
 *                            carry their own pipeline's)
 * @param stops               per bus-occupancy pipeline, boardings and alightings per stop over its window, by
 *                            pipeline name (kept sorted, as /api/status and /metrics list them)
 */
public record FleetStatus(long batchTime, long batchIntervalMillis, List<Bus> buses, List<OpenAlert> openAlerts,
                          Map<String, Map<String, Long>> aggregateRejected, Map<String, StopWindow> stops) {

    /** Copies the lists and maps. */
    public FleetStatus {
        buses = List.copyOf(buses);
        openAlerts = List.copyOf(openAlerts);
        aggregateRejected = Map.copyOf(aggregateRejected);
        stops = Collections.unmodifiableMap(new TreeMap<>(stops));
    }

    /** No stop counts. */
    public FleetStatus(long batchTime, long batchIntervalMillis, List<Bus> buses, List<OpenAlert> openAlerts,
                       Map<String, Map<String, Long>> aggregateRejected) {
        this(batchTime, batchIntervalMillis, buses, openAlerts, aggregateRejected, Map.of());
    }

    /** No aggregate pipeline's rejections. */
    public FleetStatus(long batchTime, long batchIntervalMillis, List<Bus> buses, List<OpenAlert> openAlerts) {
        this(batchTime, batchIntervalMillis, buses, openAlerts, Map.of());
    }

    /** No bus, no alert: before the first batch. */
    public static FleetStatus empty(long batchIntervalMillis) {
        return new FleetStatus(-1, batchIntervalMillis, List.of(), List.of());
    }

    /** Readings left out per pipeline and rule, summed over the keys: {@code rivulet_rejected_readings_total}. */
    public Map<String, Map<String, Long>> rejectedByPipeline() {
        Map<String, Map<String, Long>> totals = new TreeMap<>();
        aggregateRejected.forEach((pipeline, rules) -> totals.put(pipeline, new TreeMap<>(rules)));
        for (Bus bus : buses) {
            bus.rejected().forEach((rule, count) ->
                    totals.computeIfAbsent(bus.pipeline(), p -> new TreeMap<>()).merge(rule, count, Long::sum));
        }
        return totals;
    }

    /** Per pipeline, [corrections, passengers corrected], summed over the buses. */
    public Map<String, long[]> correctionsByPipeline() {
        Map<String, long[]> totals = new TreeMap<>();
        for (Bus bus : buses) {
            if (bus.pipeline().isEmpty()) {
                continue;
            }
            long[] total = totals.computeIfAbsent(bus.pipeline(), p -> new long[2]);
            total[0] += bus.corrections();
            total[1] += bus.correctedPassengers();
        }
        return totals;
    }

    /**
     * One bus.
     *
     * @param id          the bus id
     * @param occupancy   passengers on board now
     * @param capacity    seats
     * @param load        occupancy / seats (1.0 is every seat taken)
     * @param history     occupancy at the last batches, oldest first, one per batch interval, ending at
     *                    {@link FleetStatus#batchTime()}
     * @param pipeline    the bus-occupancy pipeline it is counted by ("" when unknown)
     * @param standing    standing places: the crush load is capacity + standing
     * @param level       GTFS-Realtime OccupancyStatus, e.g. STANDING_ROOM_ONLY ("" when unknown); NO_DATA_AVAILABLE
     *                    when its counter is faulty or silent
     * @param percentage  GTFS-Realtime occupancy_percentage: occupancy against seats + standing, in the pipeline's
     *                    step; -1 when there is none (NO_DATA_AVAILABLE)
     * @param rejected    door readings left out since the bus was first seen, per rule
     * @param corrections corrections of the occupancy (to 0, to the crush load, at a trip end)
     * @param correctedPassengers passengers added or removed by them
     * @param lastReading the batch time the bus's newest reading came in (epoch milliseconds), or -1
     * @param trip        the trip its newest reading named, or null
     */
    public record Bus(String id, long occupancy, int capacity, double load, List<Long> history, String pipeline,
                      int standing, String level, int percentage, Map<String, Long> rejected, long corrections,
                      long correctedPassengers, long lastReading, Trip trip) {

        /** Copies the history; the counts as {@link RuleCounts}, copied only when they are not already. */
        public Bus {
            history = List.copyOf(history);
            rejected = RuleCounts.of(rejected);
        }

        /** A bus with no reading time or trip. */
        public Bus(String id, long occupancy, int capacity, double load, List<Long> history, String pipeline,
                   int standing, String level, int percentage, Map<String, Long> rejected, long corrections,
                   long correctedPassengers) {
            this(id, occupancy, capacity, load, history, pipeline, standing, level, percentage, rejected, corrections,
                    correctedPassengers, -1, null);
        }

        /** A bus with its load only: no pipeline, level or counts. */
        public Bus(String id, long occupancy, int capacity, double load, List<Long> history) {
            this(id, occupancy, capacity, load, history, "", 0, "", (int) Math.round(load * 100), Map.of(), 0, 0);
        }

        /** Whether the bus has an occupancy_percentage to publish. */
        public boolean hasPercentage() {
            return percentage >= 0;
        }

        /** Readings left out by every rule together. */
        public long rejectedTotal() {
            return rejected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The GTFS trip a bus's newest reading named (its {@code trip-labels}): each field "" when the reading had none.
     *
     * @param tripId      GTFS trip_id
     * @param routeId     GTFS route_id
     * @param directionId GTFS direction_id, "0" or "1"
     * @param startDate   the trip's start date, YYYYMMDD
     */
    public record Trip(String tripId, String routeId, String directionId, String startDate) {
    }

    /**
     * Boardings and alightings at one stop over a pipeline's window.
     *
     * @param id         the stop, as the readings' stop label names it
     * @param boardings  passengers who got on within the window
     * @param alightings passengers who got off within the window
     */
    public record Stop(String id, long boardings, long alightings) {
    }

    /**
     * One pipeline's stops at its last slide: the busiest first (boardings and alightings together, then by id), at
     * most {@link #SHOWN} of them; the rest are counted in {@code more}.
     *
     * @param windowMillis the window the counts are over
     * @param batchTime    the slide they were computed at (epoch milliseconds)
     * @param stops        the busiest stops, busiest first
     * @param more         stops with counts in the window not shown
     */
    public record StopWindow(long windowMillis, long batchTime, List<Stop> stops, long more) {

        /** The most stops shown per pipeline: a flood of made-up stop names must not make every status page huge. */
        public static final int SHOWN = 200;

        /** Copies the list. */
        public StopWindow {
            stops = List.copyOf(stops);
        }
    }

    /**
     * An alert raised and not yet cleared.
     *
     * @param rule   the alert rule's name
     * @param bus    the bus (the alert's key)
     * @param since  the batch time it was raised at, epoch milliseconds
     * @param value  the watched number when raised (a load factor for capacity alerts)
     * @param detail a short description, e.g. "56 of 60 passengers"
     */
    public record OpenAlert(String rule, String bus, long since, double value, String detail) {
    }
}
