package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /gtfs-rt/vehicle-positions} served by a real status server (its classes generated from
 * gtfs-realtime.proto, lite) and parsed back with the official bindings.
 */
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
            OfficialGtfsRealtime feed = OfficialGtfsRealtime.parse(response.body());
            assertEquals("2.0", feed.version());
            assertEquals("FULL_DATASET", feed.incrementality());
            assertEquals(1_763_690_000L, feed.timestamp());
            assertEquals(3, feed.entities().size(), "a bus without a level is left out: " + feed.text());
            OfficialGtfsRealtime.Entity bus2 = feed.entities().get(1);
            assertEquals("occupancy/bus-2", bus2.id(), "the entity names the pipeline, the vehicle is the bus");
            assertEquals("bus-2", bus2.vehicleId());
            assertEquals("bus-2", bus2.label());
            assertEquals("STANDING_ROOM_ONLY", bus2.occupancyStatus());
            assertEquals(130, bus2.occupancyPercentage());
            assertEquals("EMPTY", feed.entities().get(0).occupancyStatus());
            assertTrue(feed.entities().get(0).hasOccupancyPercentage());
            assertEquals("FULL", feed.entities().get(2).occupancyStatus());
            for (OfficialGtfsRealtime.Entity entity : feed.entities()) {
                assertEquals(0, entity.unknownFields(), "every field is one the official schema knows: " + feed.text());
            }
        }
    }
}
