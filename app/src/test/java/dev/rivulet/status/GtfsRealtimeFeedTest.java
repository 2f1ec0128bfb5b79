package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedHeader;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition.OccupancyStatus;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /gtfs-rt/vehicle-positions} served by a real status server and parsed back with the official bindings. */
class GtfsRealtimeFeedTest {

    private static FleetStatus fleet() {
        return new FleetStatus(1_763_690_000_000L, 1000, List.of(
                new FleetStatus.Bus("bus-1", 0, 40, 0, List.of(0L), "occupancy", 20, "EMPTY", 0, Map.of(), 0, 0),
                new FleetStatus.Bus("bus-2", 52, 40, 1.3, List.of(52L), "occupancy", 20, "STANDING_ROOM_ONLY", 130,
                        Map.of(), 0, 0),
                new FleetStatus.Bus("bus-3", 60, 40, 1.5, List.of(60L), "occupancy", 20, "FULL", 150, Map.of(), 0, 0),
                new FleetStatus.Bus("no-level", 3, 40, 0.075, List.of(3L))), List.of());
    }

    @Test
    void theFeedParsesBackWithEveryBusLevelAndPercentage() throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, new ScriptedSource(request -> fleet()))) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri().resolve("/gtfs-rt/vehicle-positions")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(GtfsRealtimeFeed.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
            FeedMessage feed = FeedMessage.parseFrom(response.body());
            assertEquals("2.0", feed.getHeader().getGtfsRealtimeVersion());
            assertEquals(FeedHeader.Incrementality.FULL_DATASET, feed.getHeader().getIncrementality());
            assertEquals(1_763_690_000L, feed.getHeader().getTimestamp());
            assertEquals(3, feed.getEntityCount(), "a bus without a level is left out: " + feed);
            FeedEntity bus2 = feed.getEntity(1);
            assertEquals("occupancy/bus-2", bus2.getId(), "the entity names the pipeline, the vehicle is the bus");
            assertEquals("bus-2", bus2.getVehicle().getVehicle().getId());
            assertEquals(OccupancyStatus.STANDING_ROOM_ONLY, bus2.getVehicle().getOccupancyStatus());
            assertEquals(130, bus2.getVehicle().getOccupancyPercentage());
            assertEquals(OccupancyStatus.EMPTY, feed.getEntity(0).getVehicle().getOccupancyStatus());
            assertTrue(feed.getEntity(0).getVehicle().hasOccupancyPercentage());
            assertEquals(OccupancyStatus.FULL, feed.getEntity(2).getVehicle().getOccupancyStatus());
        }
    }
}
