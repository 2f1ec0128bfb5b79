package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GTFS-Realtime levels of a bus with 40 seats and 20 standing places, at the default and at moved thresholds. */
class OccupancyLevelTest {

    @ParameterizedTest(name = "{0} on board, many-seats {1}, crushed {2}: {3} ({4}%)")
    @CsvSource({
            "0,  0.5, 0.75, EMPTY, 0",
            "1,  0.5, 0.75, MANY_SEATS_AVAILABLE, 3",
            "19, 0.5, 0.75, MANY_SEATS_AVAILABLE, 48",
            "20, 0.5, 0.75, FEW_SEATS_AVAILABLE, 50",
            "39, 0.5, 0.75, FEW_SEATS_AVAILABLE, 98",
            "40, 0.5, 0.75, STANDING_ROOM_ONLY, 100",
            "54, 0.5, 0.75, STANDING_ROOM_ONLY, 135",
            "55, 0.5, 0.75, CRUSHED_STANDING_ROOM_ONLY, 138",
            "59, 0.5, 0.75, CRUSHED_STANDING_ROOM_ONLY, 148",
            "60, 0.5, 0.75, FULL, 150",
            "29, 0.75, 0.75, MANY_SEATS_AVAILABLE, 73",
            "30, 0.75, 0.75, FEW_SEATS_AVAILABLE, 75",
            "49, 0.5, 0.5, STANDING_ROOM_ONLY, 123",
            "50, 0.5, 0.5, CRUSHED_STANDING_ROOM_ONLY, 125"})
    void levels(long occupancy, double manySeats, double crushed, OccupancyLevel level, int percentage) {
        OccupancySettings settings = new OccupancySettings(1.5, Map.of(), true, true, true, null, List.of(), manySeats, crushed);
        assertEquals(level, OccupancyLevel.of(occupancy, 40, 20, settings));
        assertEquals(percentage, OccupancyLevel.percentage(occupancy, 40));
    }

    @ParameterizedTest(name = "no standing room: {0} on board is {1}")
    @CsvSource({"39, FEW_SEATS_AVAILABLE", "40, FULL"})
    void withoutStandingRoomASeatedBusIsFull(long occupancy, OccupancyLevel level) {
        assertEquals(level, OccupancyLevel.of(occupancy, 40, 0, OccupancySettings.defaults()));
    }
}
