package dev.rivulet.fleet.job;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehicleDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The agency-wide GTFS-Realtime VehiclePositions feed (a {@code FeedMessage}, {@code FULL_DATASET}), by the rules the
 * gateway's own feed follows (README, "The GTFS-Realtime feed"): one entity per bus, its id {@code gateway/bus}
 * (unique in the feed, as the specification requires), the vehicle's id the bus id and its label the gateway;
 * <ul>
 *   <li>{@code timestamp}: the batch the bus's newest reading came in, else the end of its latest period;</li>
 *   <li>{@code trip}: the trip the gateway read from the bus's labels, else the route of the operator's table;</li>
 *   <li>{@code occupancy_status} as the gateway sent it, and {@code occupancy_percentage} against seats + standing
 *       (the gateway's, in its step; for a summary of schema 1, computed here from occupancy, capacity and standing
 *       in the step that hides one passenger); none for NO_DATA_AVAILABLE (a faulty or silent door counter).</li>
 * </ul>
 * It is written next to its final name and renamed over it, so a web server serving the file never shows half of one.
 */
final class VehiclePositionsFile {

    private static final String NO_DATA = "NO_DATA_AVAILABLE";
    /** The steps a percentage is published in: each divides 100. */
    private static final int[] STEPS = {1, 2, 4, 5, 10, 20, 25, 50, 100};

    private VehiclePositionsFile() {
    }

    /**
     * The feed for {@code buses} (rows of the {@code buses} view), stamped {@code feedTime} (seconds).
     */
    static FeedMessage feed(List<Row> buses, long feedTime) {
        FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(FeedHeader.newBuilder()
                .setGtfsRealtimeVersion("2.0").setIncrementality(FeedHeader.Incrementality.FULL_DATASET)
                .setTimestamp(feedTime));
        for (Row bus : buses) {
            String id = bus.getAs("bus");
            String gateway = bus.getAs("gateway");
            String status = bus.getAs("occupancyStatus");
            Timestamp measured = optional(bus, "lastReading");
            long timestamp = (measured != null ? measured : (Timestamp) bus.getAs("periodEnd")).getTime() / 1000;
            VehiclePosition.Builder vehicle = VehiclePosition.newBuilder()
                    .setVehicle(VehicleDescriptor.newBuilder().setId(id).setLabel(gateway))
                    .setTimestamp(Math.min(feedTime, timestamp))
                    .setOccupancyStatus(OccupancyStatus.valueOf(status));
            if (!NO_DATA.equals(status)) {
                Long sent = bus.getAs("occupancyPercentage");
                vehicle.setOccupancyPercentage(sent != null ? sent.intValue()
                        : percentage(bus.<Long>getAs("occupancy"), bus.<Long>getAs("capacity") + bus.<Long>getAs("standing")));
            }
            TripDescriptor trip = trip(bus);
            if (trip != null) {
                vehicle.setTrip(trip);
            }
            feed.addEntity(FeedEntity.newBuilder().setId(gateway + "/" + id).setVehicle(vehicle));
        }
        return feed.build();
    }

    /**
     * The trip the gateway read: a trip instance by trip_id (start_date only with it), or a route's trips by
     * route_id; direction_id only as GTFS's 0 or 1. Without one, the operator's route, when its table names one.
     */
    static TripDescriptor trip(Row bus) {
        String tripId = optional(bus, "tripId");
        String routeId = optional(bus, "tripRouteId");
        TripDescriptor.Builder trip = TripDescriptor.newBuilder();
        if (present(tripId) || present(routeId)) {
            if (present(tripId)) {
                trip.setTripId(tripId);
                String startDate = optional(bus, "startDate");
                if (present(startDate)) {
                    trip.setStartDate(startDate);
                }
            }
            if (present(routeId)) {
                trip.setRouteId(routeId);
            }
            String direction = optional(bus, "directionId");
            if ("0".equals(direction) || "1".equals(direction)) {
                trip.setDirectionId(Integer.parseInt(direction));
            }
            return trip.build();
        }
        String route = bus.getAs("route");
        return route != null && !route.equals(FleetViews.UNASSIGNED) ? trip.setRouteId(route).build() : null;
    }

    /**
     * Occupancy against seats + standing, to the nearest multiple of the smallest step that hides one passenger
     * on this bus; one passenger or more never shows 0.
     */
    static int percentage(long occupancy, long crushLoad) {
        if (occupancy <= 0) {
            return 0;
        }
        double onePassenger = 100.0 / Math.max(1, crushLoad);
        int step = 100;
        for (int candidate : STEPS) {
            if (candidate >= onePassenger) {
                step = candidate;
                break;
            }
        }
        long steps = Math.max(1, Math.round(occupancy * 100.0 / Math.max(1, crushLoad) / step));
        return (int) Math.min(Integer.MAX_VALUE, steps * step);
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    /** A column of the row, or null when the row (a view written by an earlier version) has no such column. */
    private static <T> T optional(Row row, String column) {
        return java.util.Arrays.asList(row.schema().fieldNames()).contains(column) ? row.getAs(column) : null;
    }

    /** Replaces {@code file} with {@code feed} atomically. */
    static void write(Path file, FeedMessage feed) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path next = absolute.resolveSibling("." + absolute.getFileName() + ".next");
        try (OutputStream out = Files.newOutputStream(next)) {
            feed.writeTo(out);
        }
        Files.move(next, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
