package dev.rivulet.fleet.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import com.google.transit.realtime.GtfsRealtime.TripDescriptor;
import com.google.transit.realtime.GtfsRealtime.VehiclePosition;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The agency feed from rows of the {@code buses} view, without Spark running: serialized, parsed back with the
 * official bindings and held to the rules of gtfs-realtime.proto the gateway's own feed follows.
 */
class VehiclePositionsFileTest {

    private static final StructType BUSES = new StructType().add("bus", DataTypes.StringType)
            .add("gateway", DataTypes.StringType).add("route", DataTypes.StringType)
            .add("periodEnd", DataTypes.TimestampType).add("occupancy", DataTypes.LongType)
            .add("capacity", DataTypes.LongType).add("standing", DataTypes.LongType)
            .add("occupancyStatus", DataTypes.StringType).add("occupancyPercentage", DataTypes.LongType)
            .add("lastReading", DataTypes.TimestampType).add("tripId", DataTypes.StringType)
            .add("tripRouteId", DataTypes.StringType).add("directionId", DataTypes.StringType)
            .add("startDate", DataTypes.StringType);

    private static final long FEED_TIME = 1_763_700_060L;
    private static final Timestamp PERIOD_END = new Timestamp(FEED_TIME * 1000);

    private static Row bus(String bus, String route, long occupancy, String status, Long percentage, Long lastReading,
                           String tripId, String tripRoute, String direction, String startDate) {
        return new GenericRowWithSchema(new Object[] {bus, "gw-1", route, PERIOD_END, occupancy, 40L, 20L, status,
                percentage, lastReading == null ? null : new Timestamp(lastReading), tripId, tripRoute, direction,
                startDate}, BUSES);
    }

    private static Map<String, VehiclePosition> parsedFeed() throws Exception {
        FeedMessage written = VehiclePositionsFile.feed(List.of(
                bus("full-trip", "R-1", 45, "STANDING_ROOM_ONLY", 76L, FEED_TIME * 1000 - 7_000, "T-1", "R-1", "1", "20251121"),
                bus("route-only", "unassigned", 10, "MANY_SEATS_AVAILABLE", 16L, null, null, "R-2", "0", "20251121"),
                bus("operator-route", "R-3", 20, "FEW_SEATS_AVAILABLE", 34L, null, null, null, null, null),
                bus("faulty", "R-3", 12, "NO_DATA_AVAILABLE", null, FEED_TIME * 1000 - 400_000, "T-2", null, "7", null),
                bus("schema-1", "unassigned", 30, "FEW_SEATS_AVAILABLE", null, null, null, null, null, null)), FEED_TIME);
        FeedMessage feed = FeedMessage.parseFrom(written.toByteArray());
        assertEquals("2.0", feed.getHeader().getGtfsRealtimeVersion());
        assertEquals("FULL_DATASET", feed.getHeader().getIncrementality().name());
        assertEquals(FEED_TIME, feed.getHeader().getTimestamp());
        assertEquals(5, feed.getEntityList().stream().map(FeedEntity::getId).distinct().count(), "unique entity ids");
        for (FeedEntity entity : feed.getEntityList()) {
            VehiclePosition v = entity.getVehicle();
            assertEquals("gw-1/" + v.getVehicle().getId(), entity.getId());
            assertTrue(v.getTimestamp() > 0 && v.getTimestamp() <= FEED_TIME, entity.toString());
            assertTrue(v.hasOccupancyStatus(), entity.toString());
            assertEquals(!v.getOccupancyStatus().name().equals("NO_DATA_AVAILABLE"), v.hasOccupancyPercentage(),
                    "a percentage exactly when there is data: " + entity);
            assertTrue(v.getOccupancyPercentage() <= 100, "100 is seats + standing: " + entity);
            assertTrue(entity.getUnknownFields().asMap().isEmpty() && v.getUnknownFields().asMap().isEmpty());
            if (v.hasTrip()) {
                TripDescriptor t = v.getTrip();
                assertTrue(t.hasTripId() || t.hasRouteId(), entity.toString());
                assertTrue(!t.hasStartDate() || t.hasTripId() && t.getStartDate().matches("\\d{8}"), entity.toString());
                assertTrue(!t.hasDirectionId() || t.getDirectionId() <= 1, entity.toString());
            }
        }
        return feed.getEntityList().stream().collect(Collectors.toMap(e -> e.getVehicle().getVehicle().getId(),
                FeedEntity::getVehicle));
    }

    @Test
    void theGatewaysTripAndPercentageAndTheMomentOfTheReading() throws Exception {
        VehiclePosition bus = parsedFeed().get("full-trip");
        assertEquals(TripDescriptor.newBuilder().setTripId("T-1").setRouteId("R-1").setDirectionId(1)
                .setStartDate("20251121").build(), bus.getTrip());
        assertEquals(76, bus.getOccupancyPercentage());
        assertEquals(FEED_TIME - 7, bus.getTimestamp());
    }

    @Test
    void aRouteWithoutATripHasNoStartDate() throws Exception {
        VehiclePosition bus = parsedFeed().get("route-only");
        assertEquals(TripDescriptor.newBuilder().setRouteId("R-2").setDirectionId(0).build(), bus.getTrip());
        assertEquals(FEED_TIME, bus.getTimestamp(), "no reading time: the end of its period");
    }

    @Test
    void withoutATripTheOperatorsRoute() throws Exception {
        assertEquals(TripDescriptor.newBuilder().setRouteId("R-3").build(), parsedFeed().get("operator-route").getTrip());
    }

    @Test
    void aFaultyBusHasNoPercentageAndNoDirectionGtfsDoesNotKnow() throws Exception {
        VehiclePosition bus = parsedFeed().get("faulty");
        assertEquals("NO_DATA_AVAILABLE", bus.getOccupancyStatus().name());
        assertFalse(bus.hasOccupancyPercentage());
        assertEquals(TripDescriptor.newBuilder().setTripId("T-2").build(), bus.getTrip());
        assertEquals(FEED_TIME - 400, bus.getTimestamp());
    }

    @Test
    void aSummaryOfSchema1GetsItsPercentageAgainstSeatsAndStanding() throws Exception {
        VehiclePosition bus = parsedFeed().get("schema-1");
        assertEquals(50, bus.getOccupancyPercentage(), "30 of 40 seats + 20 standing, not 75 % of the seats");
        assertFalse(bus.hasTrip());
    }

    @ParameterizedTest(name = "{0} of {1}: {2}%")
    @CsvSource({"0, 60, 0", "1, 60, 2", "30, 60, 50", "59, 60, 98", "60, 60, 100", "1, 20, 5", "7, 20, 35", "1, 200, 1"})
    void percentagesHideOnePassenger(long occupancy, long crushLoad, int percentage) {
        assertEquals(percentage, VehiclePositionsFile.percentage(occupancy, crushLoad));
    }
}
