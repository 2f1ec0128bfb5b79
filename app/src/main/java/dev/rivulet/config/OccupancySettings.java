package dev.rivulet.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code bus-occupancy} pipeline knows about its buses beyond the seats, and how it trusts their door
 * counters: the standing room (so the crush load), the plausibility rules, the end of a trip, and the
 * GTFS-Realtime occupancy levels. Keys of {@code pipelines.NAME}:
 *
 * <pre>
 * crush-load: 150%             the most a bus holds, as a share of its seats (seats + standing room)
 * standing-capacities: {}      standing places per bus id, overriding crush-load's share
 * plausibility:                door events that cannot be true are left out and counted, per bus and rule
 *   negative-count: true       a boarding or alighting count below 0
 *   event-over-crush-load: true   more boardings or alightings in one event than the bus holds
 *   jump-over-crush-load: true    an event that would put the occupancy above the crush load
 * trip-end:                    drift correction: occupancy back to 0 when a trip ends (absent: never)
 *   label: trip                the reading's label ...
 *   values: [end]              ... and the values that mark the end, e.g. a terminus stop or "end"
 * occupancy-levels:            GTFS-Realtime OccupancyStatus
 *   many-seats: 50%            MANY_SEATS_AVAILABLE below this share of seats taken
 *   crushed: 75%               CRUSHED_STANDING_ROOM_ONLY from this share of the standing room taken
 * </pre>
 *
 * @param crushLoad          the crush load as a share of the seats (1.5 is 150 %)
 * @param standingCapacities standing places per bus id, overriding {@code crushLoad}
 * @param rejectNegative     rule {@code negative-count}
 * @param rejectEventOverCrush rule {@code event-over-crush-load}
 * @param rejectJumpOverCrush  rule {@code jump-over-crush-load}
 * @param tripEndLabel       the label marking a trip's end, or null: no trip-end correction
 * @param tripEndValues      the label's values that mean the trip ended
 * @param manySeats          share of seats taken below which a bus has many seats available
 * @param crushed            share of the standing room taken from which a bus is crushed
 */
public record OccupancySettings(double crushLoad, Map<String, Integer> standingCapacities, boolean rejectNegative,
                                boolean rejectEventOverCrush, boolean rejectJumpOverCrush, String tripEndLabel,
                                List<String> tripEndValues, double manySeats, double crushed) {

    /** The plausibility rules' names, as counters and alerts show them. */
    public static final String NEGATIVE_COUNT = "negative-count";
    public static final String EVENT_OVER_CRUSH_LOAD = "event-over-crush-load";
    public static final String JUMP_OVER_CRUSH_LOAD = "jump-over-crush-load";
    /** Not a rule to switch off: without the count there is nothing to add. */
    public static final String MISSING_COUNT = "missing-count";

    /** Copies the collections. */
    public OccupancySettings {
        standingCapacities = Map.copyOf(standingCapacities);
        tripEndValues = List.copyOf(tripEndValues);
    }

    /** The defaults: crush load 150 %, every rule on, no trip end, levels at 50 % seats and 75 % standing. */
    public static OccupancySettings defaults() {
        return new OccupancySettings(1.5, Map.of(), true, true, true, null, List.of(), 0.5, 0.75);
    }

    static OccupancySettings read(ConfigNode node) {
        double crushLoad = node.share("crush-load", 1.5, 1, 10, "a crush load (a share of the seats)");
        Map<String, Integer> standing = new LinkedHashMap<>();
        ConfigNode perBus = node.child("standing-capacities");
        node.scalars("standing-capacities").forEach((bus, raw) -> standing.put(bus, perBus.integer(bus, 0, 0, 100_000)));
        ConfigNode rules = node.child("plausibility");
        boolean negative = rules.bool(NEGATIVE_COUNT, true);
        boolean eventOverCrush = rules.bool(EVENT_OVER_CRUSH_LOAD, true);
        boolean jumpOverCrush = rules.bool(JUMP_OVER_CRUSH_LOAD, true);
        rules.rejectUnknown();
        ConfigNode tripEnd = node.child("trip-end");
        String label = tripEnd.string("label", null);
        List<String> values = tripEnd.strings("values", List.of());
        if (label != null && values.isEmpty()) {
            tripEnd.problem("values", "is required with trip-end.label: list the label values that end a trip, e.g. [end]");
        } else if (label == null && !values.isEmpty()) {
            tripEnd.problem("label", "is required with trip-end.values: name the label they are values of, e.g. trip");
        }
        tripEnd.rejectUnknown();
        ConfigNode levels = node.child("occupancy-levels");
        double manySeats = levels.fraction("many-seats", 0.5);
        double crushed = levels.fraction("crushed", 0.75);
        levels.rejectUnknown();
        return new OccupancySettings(crushLoad, standing, negative, eventOverCrush, jumpOverCrush, label, values,
                manySeats, crushed);
    }

    /** Standing places of a bus with {@code seats} seats. */
    public int standingOf(String bus, int seats) {
        Integer standing = standingCapacities.get(bus);
        return standing != null ? standing : (int) Math.round(seats * (crushLoad - 1));
    }

    /** Whether a reading's label value ends a trip. */
    public boolean endsTrip(String labelValue) {
        return tripEndLabel != null && labelValue != null && tripEndValues.contains(labelValue);
    }
}
