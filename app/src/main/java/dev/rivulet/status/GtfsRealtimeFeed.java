package dev.rivulet.status;

import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedEntity;
import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedHeader;
import dev.rivulet.status.gtfsrt.GtfsRealtime.FeedMessage;
import dev.rivulet.status.gtfsrt.GtfsRealtime.VehicleDescriptor;
import dev.rivulet.status.gtfsrt.GtfsRealtime.VehiclePosition;

/**
 * The gateway's vehicles as a GTFS-Realtime VehiclePositions feed ({@code /gtfs-rt/vehicle-positions}), built
 * with lite classes protoc generates from the official {@code gtfs-realtime.proto}: per bus and pipeline one entity ({@link #entityId}) whose vehicle id is the bus id, with {@code occupancy_status}
 * and {@code occupancy_percentage} (against seats) as of the last batch. The gateway knows no position or trip,
 * so those are left out; a trip planner merges this feed with the agency's own by vehicle id.
 */
public final class GtfsRealtimeFeed {

    /** The media type of a serialized FeedMessage. */
    public static final String CONTENT_TYPE = "application/x-protobuf";

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
            feed.addEntity(FeedEntity.newBuilder().setId(entityId(bus)).setVehicle(VehiclePosition.newBuilder()
                    .setVehicle(VehicleDescriptor.newBuilder().setId(bus.id()).setLabel(bus.id()))
                    .setTimestamp(timestamp)
                    .setOccupancyStatus(VehiclePosition.OccupancyStatus.valueOf(bus.level()))
                    .setOccupancyPercentage(bus.percentage())));
        }
        return feed.build();
    }

    /**
     * {@code pipeline/bus}: the spec asks entity ids unique in the feed, and two pipelines may count buses with the
     * same ids; the vehicle id stays the bus id, which is what a trip planner matches.
     */
    static String entityId(FleetStatus.Bus bus) {
        return bus.pipeline().isEmpty() ? bus.id() : bus.pipeline() + "/" + bus.id();
    }
}
