package dev.rivulet.status;

import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedEntity;
import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedHeader;
import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedMessage;
import dev.rivulet.status.gtfsrt.GtfsRealtime.TripDescriptor;
import dev.rivulet.status.gtfsrt.GtfsRealtime.VehicleDescriptor;
import dev.rivulet.status.gtfsrt.GtfsRealtime.VehiclePosition;

/**
 * The gateway's vehicles as a GTFS-Realtime VehiclePositions feed ({@code /gtfs-rt/vehicle-positions}), built
 * with lite classes protoc generates from the official {@code gtfs-realtime.proto}. Per bus and pipeline one entity
 * ({@link #entityId}):
 * <ul>
 *   <li>{@code vehicle.id} and {@code vehicle.label}: the bus id, what a trip planner matches with its own feed;</li>
 *   <li>{@code timestamp}: the batch its newest reading came in (POSIX seconds), when its occupancy was measured;</li>
 *   <li>{@code trip}: from the newest reading's trip labels, when it carried a trip_id or a route_id
 *       ({@link #trip});</li>
 *   <li>{@code occupancy_status}, and {@code occupancy_percentage} against seats + standing in the pipeline's coarse
 *       step; a bus whose counter is faulty or silent is NO_DATA_AVAILABLE with no percentage.</li>
 * </ul>
 * The gateway knows no position, so {@code position} is left out.
 */
public final class GtfsRealtimeFeed {

    /** The media type of a serialized FeedMessage. */
    public static final String CONTENT_TYPE = "application/x-protobuf";

    /** The occupancy status the specification keeps for a vehicle without occupancy data. */
    static final String NO_DATA = "NO_DATA_AVAILABLE";

    private GtfsRealtimeFeed() {
    }

    /** A full dataset of every bus with a level. */
    public static FeedMessage vehiclePositions(FleetStatus fleet) {
        long timestamp = Math.max(0, fleet.batchTime()) / 1000;
        FeedMessage.Builder feed = FeedMessage.newBuilder().setHeader(FeedHeader.newBuilder()
                .setGtfsRealtimeVersion("2.0")
                .setIncrementality(FeedHeader.Incrementality.FULL_DATASET)
                .setTimestamp(timestamp));
        for (FleetStatus.Bus bus : fleet.buses()) {
            if (bus.level().isEmpty()) {
                continue;
            }
            VehiclePosition.Builder vehicle = VehiclePosition.newBuilder()
                    .setVehicle(VehicleDescriptor.newBuilder().setId(bus.id()).setLabel(bus.id()))
                    .setTimestamp(bus.lastReading() >= 0 ? Math.min(timestamp, bus.lastReading() / 1000) : timestamp)
                    .setOccupancyStatus(VehiclePosition.OccupancyStatus.valueOf(bus.level()));
            if (!bus.level().equals(NO_DATA) && bus.hasPercentage()) {
                vehicle.setOccupancyPercentage(bus.percentage());
            }
            if (bus.trip() != null && (!bus.trip().tripId().isEmpty() || !bus.trip().routeId().isEmpty())) {
                vehicle.setTrip(trip(bus.trip()));
            }
            feed.addEntity(FeedEntity.newBuilder().setId(entityId(bus)).setVehicle(vehicle));
        }
        return feed.build();
    }

    /**
     * The specification's TripDescriptor: a trip instance by its trip_id (with its route_id, direction_id and
     * start_date when known), or all the trips of a route by route_id (and direction_id) when no trip_id is known;
     * start_date only with a trip_id, since it tells instances of one trip apart.
     */
    static TripDescriptor trip(FleetStatus.Trip trip) {
        TripDescriptor.Builder descriptor = TripDescriptor.newBuilder();
        if (!trip.tripId().isEmpty()) {
            descriptor.setTripId(trip.tripId());
            if (!trip.startDate().isEmpty()) {
                descriptor.setStartDate(trip.startDate());
            }
        }
        if (!trip.routeId().isEmpty()) {
            descriptor.setRouteId(trip.routeId());
        }
        if (!trip.directionId().isEmpty()) {
            descriptor.setDirectionId(Integer.parseInt(trip.directionId()));
        }
        return descriptor.build();
    }

    /**
     * {@code pipeline/bus}: the spec asks entity ids unique in the feed, and two pipelines may count buses with the
     * same ids; the vehicle id stays the bus id, which is what a trip planner matches.
     */
    static String entityId(FleetStatus.Bus bus) {
        return bus.pipeline().isEmpty() ? bus.id() : bus.pipeline() + "/" + bus.id();
    }
}
