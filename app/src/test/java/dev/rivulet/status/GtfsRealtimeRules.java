package dev.rivulet.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of {@code gtfs-realtime.proto}'s comments a VehiclePositions feed of occupancy must follow, checked on a
 * feed the official bindings parsed. Each broken rule is one line naming the entity and quoting the rule.
 */
public final class GtfsRealtimeRules {

    private static final Pattern DATE = Pattern.compile("\\d{4}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])");

    private GtfsRealtimeRules() {
    }

    /**
     * The rules {@code feed} breaks, none when it follows them all.
     *
     * @param step the gateway's percentage step: every occupancy_percentage is a multiple of it
     * @param now  the wall clock when the feed was fetched, epoch seconds: no timestamp may be later
     */
    public static List<String> broken(OfficialGtfsRealtime feed, int step, long now) {
        List<String> broken = new ArrayList<>();
        if (!feed.version().equals("2.0")) {
            broken.add("header.gtfs_realtime_version is " + feed.version() + ": the feed uses 2.0 fields (occupancy_percentage)");
        }
        if (!feed.incrementality().equals("FULL_DATASET")) {
            broken.add("header.incrementality is " + feed.incrementality() + ": every bus is in every feed, FULL_DATASET");
        }
        if (feed.timestamp() <= 0 || feed.timestamp() > now) {
            broken.add("header.timestamp " + feed.timestamp() + " is not a POSIX time in seconds up to now (" + now + ")");
        }
        Set<String> ids = new HashSet<>();
        for (OfficialGtfsRealtime.Entity e : feed.entities()) {
            String where = "entity " + e.id() + ": ";
            if (e.id().isEmpty() || !ids.add(e.id())) {
                broken.add(where + "the feed-unique id is empty or repeated");
            }
            if (e.unknownFields() != 0) {
                broken.add(where + e.unknownFields() + " fields the official schema does not know");
            }
            if (e.vehicleId().isEmpty()) {
                broken.add(where + "vehicle.id is empty: it is what a consumer matches the vehicle by");
            }
            if (e.timestamp() <= 0 || e.timestamp() > feed.timestamp()) {
                broken.add(where + "timestamp " + e.timestamp() + " is not the POSIX second the occupancy was measured,"
                        + " at or before the header's " + feed.timestamp());
            }
            if (e.hasPosition()) {
                broken.add(where + "a position, which the gateway does not know");
            }
            occupancy(e, step, where, broken);
            if (e.trip() != null) {
                trip(e.trip(), where, broken);
            }
        }
        return broken;
    }

    private static void occupancy(OfficialGtfsRealtime.Entity e, int step, String where, List<String> broken) {
        if (!e.hasOccupancyStatus()) {
            broken.add(where + "no occupancy_status");
            return;
        }
        if (e.occupancyStatus().equals("NO_DATA_AVAILABLE")) {
            if (e.hasOccupancyPercentage()) {
                broken.add(where + "NO_DATA_AVAILABLE (\"doesn't have any occupancy data available\") with a percentage");
            }
            return;
        }
        if (!e.hasOccupancyPercentage()) {
            broken.add(where + e.occupancyStatus() + " without occupancy_percentage");
            return;
        }
        int p = e.occupancyPercentage();
        if (p < 0 || p > 100) {
            broken.add(where + "occupancy_percentage " + p + " is outside 0..100: 100 is seats + standing, and the"
                    + " gateway never counts past it");
        }
        if (p % step != 0) {
            broken.add(where + "occupancy_percentage " + p + " is not a multiple of " + step
                    + ": \"low enough that you can't track a single person boarding and alighting\"");
        }
        if (e.occupancyStatus().equals("EMPTY") && p != 0
                || p == 0 && !List.of("EMPTY", "MANY_SEATS_AVAILABLE").contains(e.occupancyStatus())) {
            broken.add(where + "occupancy_percentage " + p + " disagrees with " + e.occupancyStatus());
        }
        if (e.occupancyStatus().equals("FULL") && p != 100) {
            broken.add(where + "FULL at " + p + "%: 100 is \"the total maximum occupancy ... including both seated and"
                    + " standing capacity\"");
        }
    }

    private static void trip(OfficialGtfsRealtime.Trip t, String where, List<String> broken) {
        if (t.tripId() == null && t.routeId() == null) {
            broken.add(where + "a trip with neither trip_id nor route_id selects nothing");
        }
        if (t.tripId() != null && t.tripId().isEmpty() || t.routeId() != null && t.routeId().isEmpty()) {
            broken.add(where + "an empty trip_id or route_id is set: leave it out");
        }
        if (t.directionId() != -1 && t.directionId() != 0 && t.directionId() != 1) {
            broken.add(where + "direction_id " + t.directionId() + " is not one of GTFS trips.txt's 0 and 1");
        }
        if (t.startDate() != null && (t.tripId() == null || !DATE.matcher(t.startDate()).matches())) {
            broken.add(where + "start_date " + t.startDate() + " is not the YYYYMMDD date of a trip_id's instance");
        }
        if (t.startTime() != null) {
            broken.add(where + "start_time " + t.startTime() + ": the gateway knows no schedule");
        }
        if (t.scheduleRelationship() != null && !t.scheduleRelationship().equals("SCHEDULED")) {
            broken.add(where + "schedule_relationship " + t.scheduleRelationship() + " for a trip read from labels");
        }
    }
}
