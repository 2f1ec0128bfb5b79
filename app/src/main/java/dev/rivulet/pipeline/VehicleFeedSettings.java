package dev.rivulet.pipeline;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import java.time.Duration;
import java.util.List;

/**
 * How a {@code bus-occupancy} pipeline's buses appear to GTFS-Realtime consumers (the feed, the summaries, the
 * page): the coarse step of the published occupancy percentage, how long a silent bus keeps its level, and the
 * reading labels that name its trip. Its keys of {@code pipelines.NAME} are declared in {@link #KEYS}, those of
 * {@code trip-labels} in {@link #TRIP_LABEL_KEYS}.
 *
 * @param percentageStep the published percentage is a multiple of this, a divisor of 100; 0: {@link #defaultStep} of
 *                       the smallest bus
 * @param staleAfter     a bus without a reading for this long is NO_DATA_AVAILABLE, without a percentage
 * @param tripLabels     the labels the trip descriptor is read from
 */
public record VehicleFeedSettings(int percentageStep, Duration staleAfter, TripLabels tripLabels) {

    /**
     * The reading labels carrying GTFS's {@code trips.txt} fields; a reading without them has no trip.
     *
     * @param tripId      label of {@code trip_id}
     * @param routeId     label of {@code route_id}
     * @param directionId label of {@code direction_id} (0 or 1)
     * @param startDate   label of the trip's start date (YYYYMMDD)
     */
    public record TripLabels(String tripId, String routeId, String directionId, String startDate) {
    }

    /** The steps a default is rounded up to: each divides 100, so 100 % stays a value the feed can show. */
    private static final int[] STEPS = {1, 2, 4, 5, 10, 20, 25, 50, 100};

    private static final Key STEP = new Key("occupancy-percentage-step", Key.Type.INTEGER, "",
            "occupancy_percentage is published in steps of this many percent; absent: the smallest step that hides"
                    + " one passenger on the smallest bus (100 / (seats + standing), rounded up to 1, 2, 4, 5, 10, 20, 25, 50)");
    private static final Key STALE_AFTER = new Key("stale-after", Key.Type.DURATION, "5m",
            "a bus with no reading for this long is NO_DATA_AVAILABLE, without a percentage");
    private static final Key TRIP_LABELS = new Key("trip-labels", Key.Type.MAP, "",
            "the reading labels naming each bus's GTFS trip (the feed's trip descriptor)");
    private static final Key TRIP_ID = new Key("trip-id", Key.Type.STRING, "trip_id", "the label holding trip_id");
    private static final Key ROUTE_ID = new Key("route-id", Key.Type.STRING, "route_id", "the label holding route_id");
    private static final Key DIRECTION_ID = new Key("direction-id", Key.Type.STRING, "direction_id",
            "the label holding direction_id (0 or 1)");
    private static final Key START_DATE = new Key("start-date", Key.Type.STRING, "start_date",
            "the label holding the trip's start date (YYYYMMDD)");

    /** The keys of {@code pipelines.NAME} these settings read. */
    public static final List<Key> KEYS = List.of(STEP, STALE_AFTER, TRIP_LABELS);
    /** The keys under {@code trip-labels}. */
    public static final List<Key> TRIP_LABEL_KEYS = List.of(TRIP_ID, ROUTE_ID, DIRECTION_ID, START_DATE);

    /** Checks the step and the stale time. */
    public VehicleFeedSettings {
        if (percentageStep < 0 || percentageStep > 100 || percentageStep > 0 && 100 % percentageStep != 0) {
            throw new IllegalArgumentException("occupancy-percentage-step " + percentageStep + " does not divide 100");
        }
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("stale-after " + staleAfter + " must be longer than 0");
        }
    }

    /** The defaults: the step from the smallest bus, stale after 5 minutes, GTFS's field names as labels. */
    public static VehicleFeedSettings defaults() {
        return read(ConfigNode.empty());
    }

    static VehicleFeedSettings read(ConfigNode node) {
        int step = node.integer(STEP.name(), 0, 1, 100);
        if (step > 0 && 100 % step != 0) {
            node.problem(STEP.name(), step + " does not divide 100, so a full bus could not show 100: write one of"
                    + " 1, 2, 4, 5, 10, 20, 25, 50 or 100");
            step = 0;
        }
        Duration staleAfter = STALE_AFTER.duration(node);
        if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
            node.problem(STALE_AFTER.name(), "must be longer than 0: write how long a silent bus keeps its level, e.g. 5m");
            staleAfter = Duration.ofMinutes(5);
        }
        ConfigNode labels = node.child(TRIP_LABELS.name());
        TripLabels tripLabels = new TripLabels(TRIP_ID.string(labels), ROUTE_ID.string(labels),
                DIRECTION_ID.string(labels), START_DATE.string(labels));
        labels.rejectUnknown();
        return new VehicleFeedSettings(step, staleAfter == null ? Duration.ofMinutes(5) : staleAfter, tripLabels);
    }

    /**
     * The smallest step among 1, 2, 4, 5, 10, 20, 25, 50 and 100 that is at least one passenger's share of a bus
     * holding {@code crushLoad} (seats + standing): 2 for 40 seats and 20 standing (one passenger is 1.7 %).
     */
    public static int defaultStep(int crushLoad) {
        double onePassenger = 100.0 / Math.max(1, crushLoad);
        for (int step : STEPS) {
            if (step >= onePassenger) {
                return step;
            }
        }
        return 100;
    }
}
