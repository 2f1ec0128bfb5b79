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
 * The agency-wide GTFS-Realtime VehiclePositions feed (a {@code FeedMessage}, {@code FULL_DATASET}): one entity per
 * bus with its occupancy status and percentage, its route when the operator's table names one. The entity id is
 * {@code gateway/bus} (unique in the feed, as the specification requires); the vehicle's id is the bus id and its
 * label the gateway. It is written next
 * to its final name and renamed over it, so a web server serving the file never shows half of one.
 */
final class VehiclePositionsFile {

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
            VehiclePosition.Builder vehicle = VehiclePosition.newBuilder()
                    .setVehicle(VehicleDescriptor.newBuilder().setId(id).setLabel(gateway))
                    .setTimestamp(((Timestamp) bus.getAs("periodEnd")).getTime() / 1000)
                    .setOccupancyStatus(OccupancyStatus.valueOf(bus.<String>getAs("occupancyStatus")))
                    .setOccupancyPercentage(((Long) bus.getAs("occupancyPercentage")).intValue());
            String route = bus.getAs("route");
            if (route != null && !route.equals(FleetViews.UNASSIGNED)) {
                vehicle.setTrip(TripDescriptor.newBuilder().setRouteId(route));
            }
            feed.addEntity(FeedEntity.newBuilder().setId(gateway + "/" + id).setVehicle(vehicle));
        }
        return feed.build();
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
