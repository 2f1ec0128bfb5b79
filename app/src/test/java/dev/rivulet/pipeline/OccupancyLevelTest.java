package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GTFS-Realtime levels of a bus with 40 seats and 20 standing places, at the default and at moved thresholds, and
 * its occupancy_percentage: against the 60 places (the specification's field 10), in the default step of 2 %.
 */
class OccupancyLevelTest {

    @ParameterizedTest(name = "{0} on board, many-seats {1}, crushed {2}: {3} ({4}% of seats + standing)")
    @CsvSource({
            "0,  0.5, 0.75, EMPTY, 0",
            "1,  0.5, 0.75, MANY_SEATS_AVAILABLE, 2",
            "19, 0.5, 0.75, MANY_SEATS_AVAILABLE, 32",
            "20, 0.5, 0.75, FEW_SEATS_AVAILABLE, 34",
            "39, 0.5, 0.75, FEW_SEATS_AVAILABLE, 66",
            "40, 0.5, 0.75, STANDING_ROOM_ONLY, 66",
            "54, 0.5, 0.75, STANDING_ROOM_ONLY, 90",
            "55, 0.5, 0.75, CRUSHED_STANDING_ROOM_ONLY, 92",
            "59, 0.5, 0.75, CRUSHED_STANDING_ROOM_ONLY, 98",
            "60, 0.5, 0.75, FULL, 100",
            "29, 0.75, 0.75, MANY_SEATS_AVAILABLE, 48",
            "30, 0.75, 0.75, FEW_SEATS_AVAILABLE, 50",
            "49, 0.5, 0.5, STANDING_ROOM_ONLY, 82",
            "50, 0.5, 0.5, CRUSHED_STANDING_ROOM_ONLY, 84"})
    void levels(long occupancy, double manySeats, double crushed, OccupancyLevel level, int percentage) {
        OccupancySettings settings = new OccupancySettings(-1, 1.5, Map.of(), true, true, true, null, List.of(), manySeats, crushed,
                true);
        assertEquals(level, OccupancyLevel.of(occupancy, 40, 20, settings));
        assertEquals(percentage, OccupancyLevel.percentage(occupancy, 60, VehicleFeedSettings.defaultStep(60)));
    }

    @ParameterizedTest(name = "no standing room: {0} on board is {1}")
    @CsvSource({"39, FEW_SEATS_AVAILABLE", "40, FULL"})
    void withoutStandingRoomASeatedBusIsFull(long occupancy, OccupancyLevel level) {
        assertEquals(level, OccupancyLevel.of(occupancy, 40, 0, OccupancySettings.defaults()));
    }

    @ParameterizedTest(name = "{0} seats + standing: default step {1}%")
    @CsvSource({"60, 2", "100, 1", "101, 1", "99, 2", "50, 2", "49, 4", "25, 4", "24, 5", "20, 5", "19, 10", "10, 10",
            "9, 20", "4, 25", "3, 50", "2, 50", "1, 100"})
    void theDefaultStepHidesOnePassengerOnTheBus(int crushLoad, int step) {
        assertEquals(step, VehicleFeedSettings.defaultStep(crushLoad));
        assertTrue(step >= 100.0 / crushLoad, "one passenger is " + 100.0 / crushLoad + "%");
    }

    @ParameterizedTest(name = "{0} of 60 in steps of {1}: {2}%")
    @CsvSource({"0, 10, 0", "1, 10, 10", "2, 10, 10", "5, 10, 10", "6, 10, 10", "33, 10, 60", "60, 10, 100",
            "30, 25, 50", "40, 25, 75", "59, 25, 100", "1, 100, 100"})
    void aConfiguredStep(long occupancy, int step, int percentage) {
        assertEquals(percentage, OccupancyLevel.percentage(occupancy, 60, step));
    }

    /** The default step is no finer than one passenger; a coarser one hides more single boardings. */
    @ParameterizedTest(name = "step {0} on 60 places: {1} of 60 single boardings change the value")
    @CsvSource({"2, 50", "10, 10"})
    void singleBoardingsThatChangeThePublishedValue(int step, int changes) {
        int changed = 0;
        for (long occupancy = 0; occupancy < 60; occupancy++) {
            if (OccupancyLevel.percentage(occupancy, 60, step) != OccupancyLevel.percentage(occupancy + 1, 60, step)) {
                changed++;
            }
        }
        assertEquals(changes, changed);
    }

    @ParameterizedTest(name = "by default {0} on board is {1}")
    @CsvSource({"0, MANY_SEATS_AVAILABLE", "19, MANY_SEATS_AVAILABLE", "20, FEW_SEATS_AVAILABLE", "40, STANDING_ROOM_ONLY",
            "59, STANDING_ROOM_ONLY", "60, FULL"})
    void byDefaultFourLevelsAreInUse(long occupancy, OccupancyLevel level) {
        assertEquals(level, OccupancyLevel.of(occupancy, 40, 20, OccupancySettings.defaults()));
    }
}
