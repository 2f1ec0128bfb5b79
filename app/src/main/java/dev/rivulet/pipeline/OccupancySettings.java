package dev.rivulet.pipeline;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@code bus-occupancy} pipeline knows about its buses beyond the seats, and how it trusts their door
 * counters: the standing room (so the crush load), the plausibility rules, the end of a trip, and the
 * GTFS-Realtime occupancy levels. Its keys of {@code pipelines.NAME} are declared in {@link #KEYS}, and those of
 * {@code plausibility}, {@code trip-end} and {@code occupancy-levels} in {@link #PLAUSIBILITY_KEYS},
 * {@link #TRIP_END_KEYS} and {@link #LEVEL_KEYS}.
 *
 * @param standingCapacity   standing places of every bus, or -1: {@code crushLoad} says
 * @param crushLoad          the crush load as a share of the seats (1.5 is 150 %), when no standing capacity is given
 * @param standingCapacities standing places per bus id, overriding {@code crushLoad}
 * @param rejectNegative     rule {@code negative-count}
 * @param rejectEventOverCrush rule {@code event-over-crush-load}
 * @param rejectJumpOverCrush  rule {@code jump-over-crush-load}
 * @param tripEndLabel       the label marking a trip's end, or null: no trip-end correction
 * @param tripEndValues      the label's values that mean the trip ended
 * @param manySeats          share of seats taken below which a bus has many seats available
 * @param crushed            share of the standing room taken from which a bus is crushed (100 %: never)
 * @param empty              whether a bus with no one on board is EMPTY rather than MANY_SEATS_AVAILABLE
 */
public record OccupancySettings(int standingCapacity, double crushLoad, Map<String, Integer> standingCapacities, boolean rejectNegative,
                                boolean rejectEventOverCrush, boolean rejectJumpOverCrush, String tripEndLabel,
                                List<String> tripEndValues, double manySeats, double crushed,
                                boolean empty) {

    /** The plausibility rules' names, as counters and alerts show them. */
    public static final String NEGATIVE_COUNT = "negative-count";
    public static final String EVENT_OVER_CRUSH_LOAD = "event-over-crush-load";
    public static final String JUMP_OVER_CRUSH_LOAD = "jump-over-crush-load";
    /** Not a rule to switch off: without the count there is nothing to add. */
    public static final String MISSING_COUNT = "missing-count";

    private static final Key STANDING_CAPACITY = new Key("standing-capacity", Key.Type.INTEGER, "",
            "standing places per bus: occupancy_percentage is against seats + standing; absent: seats x (crush-load - 100%)");
    private static final Key CRUSH_LOAD = new Key("crush-load", Key.Type.FRACTION, "150%",
            "a crush load (a share of the seats)");
    private static final Key STANDING = new Key("standing-capacities", Key.Type.MAP, "{}",
            "standing places per bus, overriding standing-capacity and crush-load, e.g. {bus-12: 40}");
    private static final Key PLAUSIBILITY = new Key("plausibility", Key.Type.MAP, "",
            "door events that cannot be true are left out, counted per bus and rule");
    private static final Key TRIP_END = new Key("trip-end", Key.Type.MAP, "",
            "drift correction: occupancy back to 0 when a trip ends; absent: never");
    private static final Key LEVELS = new Key("occupancy-levels", Key.Type.MAP, "", "GTFS-Realtime OccupancyStatus");
    private static final Key NEGATIVE = new Key(NEGATIVE_COUNT, Key.Type.BOOLEAN, "true",
            "a boarding or alighting count below 0");
    private static final Key EVENT_OVER = new Key(EVENT_OVER_CRUSH_LOAD, Key.Type.BOOLEAN, "true",
            "more boardings or alightings in one event than the bus holds");
    private static final Key JUMP_OVER = new Key(JUMP_OVER_CRUSH_LOAD, Key.Type.BOOLEAN, "true",
            "an event that would put the occupancy above the crush load");
    private static final Key TRIP_LABEL = new Key("label", Key.Type.STRING, "", "the readings' label that can end a trip");
    private static final Key TRIP_VALUES = new Key("values", Key.Type.LIST, "[]",
            "the label's values that end a trip, e.g. [end] or the terminus stops");
    private static final Key MANY_SEATS = new Key("many-seats", Key.Type.FRACTION, "50%",
            "MANY_SEATS_AVAILABLE below this share of seats taken, then FEW_SEATS_AVAILABLE");
    private static final Key CRUSHED = new Key("crushed", Key.Type.FRACTION, "100%",
            "CRUSHED_STANDING_ROOM_ONLY from this share of the standing room taken (100%: never, FULL comes first)");
    private static final Key EMPTY = new Key("empty", Key.Type.BOOLEAN, "false",
            "EMPTY for a bus with no one on board (false: MANY_SEATS_AVAILABLE)");

    /** The keys of {@code pipelines.NAME} for a bus-occupancy pipeline that these settings read. */
    public static final List<Key> KEYS = List.of(STANDING_CAPACITY, STANDING, CRUSH_LOAD, PLAUSIBILITY, TRIP_END, LEVELS);
    /** The keys under {@code plausibility}. */
    public static final List<Key> PLAUSIBILITY_KEYS = List.of(NEGATIVE, EVENT_OVER, JUMP_OVER);
    /** The keys under {@code trip-end}. */
    public static final List<Key> TRIP_END_KEYS = List.of(TRIP_LABEL, TRIP_VALUES);
    /** The keys under {@code occupancy-levels}. */
    public static final List<Key> LEVEL_KEYS = List.of(MANY_SEATS, CRUSHED, EMPTY);

    /** Copies the collections. */
    public OccupancySettings {
        standingCapacities = Map.copyOf(standingCapacities);
        tripEndValues = List.copyOf(tripEndValues);
    }

    /** The defaults: no standing capacity, crush load 150 %, every rule on, no trip end, four levels: MANY_SEATS_AVAILABLE below 50 % of the seats, FEW_SEATS_AVAILABLE,
     * STANDING_ROOM_ONLY, FULL. */
    public static OccupancySettings defaults() {
        return read(ConfigNode.empty());
    }

    static OccupancySettings read(ConfigNode node) {
        int standingCapacity = node.integer(STANDING_CAPACITY.name(), -1, 0, 100_000);
        double crushLoad = CRUSH_LOAD.share(node, 1, 10);
        Map<String, Integer> standing = new LinkedHashMap<>();
        ConfigNode perBus = node.child(STANDING.name());
        node.scalars(STANDING.name()).forEach((bus, raw) -> standing.put(bus, perBus.integer(bus, 0, 0, 100_000)));
        ConfigNode rules = node.child(PLAUSIBILITY.name());
        boolean negative = NEGATIVE.bool(rules);
        boolean eventOverCrush = EVENT_OVER.bool(rules);
        boolean jumpOverCrush = JUMP_OVER.bool(rules);
        rules.rejectUnknown();
        ConfigNode tripEnd = node.child(TRIP_END.name());
        String label = TRIP_LABEL.string(tripEnd);
        List<String> values = TRIP_VALUES.strings(tripEnd);
        if (label != null && values.isEmpty()) {
            tripEnd.problem("values", "is required with trip-end.label: list the label values that end a trip, e.g. [end]");
        } else if (label == null && !values.isEmpty()) {
            tripEnd.problem("label", "is required with trip-end.values: name the label they are values of, e.g. trip");
        }
        tripEnd.rejectUnknown();
        ConfigNode levels = node.child(LEVELS.name());
        double manySeats = MANY_SEATS.fraction(levels);
        double crushed = CRUSHED.fraction(levels);
        boolean empty = EMPTY.bool(levels);
        levels.rejectUnknown();
        return new OccupancySettings(standingCapacity, crushLoad, standing, negative, eventOverCrush, jumpOverCrush, label, values,
                manySeats, crushed, empty);
    }

    /**
     * Standing places of a bus with {@code seats} seats: its own ({@code standing-capacities}), else every bus's
     * ({@code standing-capacity}), else what the crush load leaves above the seats (half the seats at 150 %).
     */
    public int standingOf(String bus, int seats) {
        Integer standing = standingCapacities.get(bus);
        if (standing != null) {
            return standing;
        }
        return standingCapacity >= 0 ? standingCapacity : (int) Math.round(seats * (crushLoad - 1));
    }

    /** Whether a reading's label value ends a trip. */
    public boolean endsTrip(String labelValue) {
        return tripEndLabel != null && labelValue != null && tripEndValues.contains(labelValue);
    }
}
