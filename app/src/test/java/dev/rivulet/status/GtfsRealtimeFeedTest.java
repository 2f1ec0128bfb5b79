package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /gtfs-rt/vehicle-positions} served by a real status server (its classes generated from
 * gtfs-realtime.proto, lite), parsed back with the official bindings and held to the specification's rules.
 */
class GtfsRealtimeFeedTest {

    private static final long BATCH = 1_763_690_000_000L;

    private static FleetStatus.Bus bus(String id, long occupancy, String level, int percentage, long lastReading,
                                       FleetStatus.Trip trip) {
        return new FleetStatus.Bus(id, occupancy, 40, occupancy / 40.0, List.of(occupancy), "occupancy", 20, level,
                percentage, Map.of(), 0, 0, lastReading, trip);
    }

    private static FleetStatus fleet() {
        return new FleetStatus(BATCH, 1000, List.of(
                bus("bus-1", 0, "EMPTY", 0, BATCH - 4_000, null),
                bus("bus-2", 52, "STANDING_ROOM_ONLY", 86, BATCH, new FleetStatus.Trip("T-7", "R-1", "1", "20251121")),
                bus("bus-3", 60, "FULL", 100, BATCH - 1_000, new FleetStatus.Trip("", "R-2", "0", "")),
                bus("bus-4", 12, "NO_DATA_AVAILABLE", -1, BATCH - 600_000, new FleetStatus.Trip("T-9", "", "", "")),
                bus("bus-5", 7, "MANY_SEATS_AVAILABLE", 12, -1, null),
                new FleetStatus.Bus("no-level", 3, 40, 0.075, List.of(3L))), List.of());
    }

    private static OfficialGtfsRealtime fetch(FleetStatus fleet) throws Exception {
        try (StatusServer server = StatusServer.start("127.0.0.1", 0, new ScriptedSource(request -> fleet))) {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.uri().resolve("/gtfs-rt/vehicle-positions")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(GtfsRealtimeFeed.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
            return OfficialGtfsRealtime.parse(response.body());
        }
    }

    @Test
    void everyFieldFollowsTheSpecification() throws Exception {
        OfficialGtfsRealtime feed = fetch(fleet());
        assertEquals(List.of(), GtfsRealtimeRules.broken(feed, 2, BATCH / 1000), feed.text());
        assertEquals("2.0", feed.version());
        assertEquals("FULL_DATASET", feed.incrementality());
        assertEquals(1_763_690_000L, feed.timestamp());
        assertEquals(5, feed.entities().size(), "a bus without a level is left out: " + feed.text());
    }

    @Test
    void eachVehicleIsOneAConsumerCanMatch() throws Exception {
        List<OfficialGtfsRealtime.Entity> entities = fetch(fleet()).entities();
        OfficialGtfsRealtime.Entity bus2 = entities.get(1);
        assertEquals("occupancy/bus-2", bus2.id(), "the entity names the pipeline, the vehicle is the bus");
        assertEquals("bus-2", bus2.vehicleId());
        assertEquals("bus-2", bus2.label());
        assertEquals(BATCH / 1000, bus2.timestamp(), "the batch its newest reading came in");
        assertEquals("STANDING_ROOM_ONLY", bus2.occupancyStatus());
        assertEquals(86, bus2.occupancyPercentage());
        assertEquals(new OfficialGtfsRealtime.Trip("T-7", "R-1", 1, "20251121", null, null), bus2.trip());
        assertEquals(BATCH / 1000 - 4, entities.get(0).timestamp());
        assertEquals("EMPTY", entities.get(0).occupancyStatus());
        assertTrue(entities.get(0).hasOccupancyPercentage(), "0 is a percentage, not an absent one");
        assertNull(entities.get(0).trip(), "no trip label, no trip descriptor");
    }

    @Test
    void aRouteWithoutATripSelectsTheRouteWithoutAStartDate() throws Exception {
        OfficialGtfsRealtime.Entity bus3 = fetch(fleet()).entities().get(2);
        assertEquals("FULL", bus3.occupancyStatus());
        assertEquals(100, bus3.occupancyPercentage(), "100 is seats + standing");
        assertEquals(new OfficialGtfsRealtime.Trip(null, "R-2", 0, null, null, null), bus3.trip());
    }

    @Test
    void aBusWithoutDataHasNoPercentage() throws Exception {
        OfficialGtfsRealtime.Entity bus4 = fetch(fleet()).entities().get(3);
        assertEquals("NO_DATA_AVAILABLE", bus4.occupancyStatus());
        assertFalse(bus4.hasOccupancyPercentage());
        assertEquals((BATCH - 600_000) / 1000, bus4.timestamp(), "when its count was last measured");
        assertEquals(new OfficialGtfsRealtime.Trip("T-9", null, -1, null, null, null), bus4.trip());
    }

    @Test
    void aBusWhoseReadingTimeIsUnknownIsStampedWithTheFeed() throws Exception {
        assertEquals(BATCH / 1000, fetch(fleet()).entities().get(4).timestamp());
    }
}
