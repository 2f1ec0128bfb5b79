package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.config.ConfigException;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a bus-occupancy pipeline hands the GTFS-Realtime feed per bus, batch by batch on a manual clock: the
 * percentage against seats + standing in its step, the trip from the readings' labels, NO_DATA_AVAILABLE for a bus
 * with a sensor-fault alert open or silent for {@code stale-after}.
 */
class VehicleFeedTest {

    private static final Duration B = Duration.ofSeconds(1);

    /** A pipeline of 40 seats and 20 standing places per bus, a minibus of 10 seats, with {@code extra} keys. */
    private static String config(String extra) {
        return "sources: {doors: {type: simulator}}\n"
                + "pipelines:\n"
                + "  occupancy: {type: bus-occupancy, source: doors, capacity: 40, standing-capacity: 20,"
                + " capacities: {minibus: 10}, stale-after: 3s, window: 3s, slide: 1s,"
                + " trip-labels: {trip-id: trip, route-id: line, direction-id: dir, start-date: day}" + extra + "}\n";
    }

    private static final String CONFIG = config("");

    private static Reading door(String bus, double in, Map<String, String> labels) {
        return Reading.of("door", bus, 0, 0, Map.of("in", in, "out", 0.0), labels);
    }

    private static BusOccupancyPipeline pipeline(String yaml) throws ConfigException {
        RivuletConfig config = ConfigLoader.parse(yaml, "test");
        return (BusOccupancyPipeline) config.pipelines().get("occupancy");
    }

    @Test
    void theDefaultStepHidesOnePassengerOnTheSmallestBus() throws Exception {
        assertEquals(4, pipeline(CONFIG).percentageStep(), "the minibus holds 10 + 20: one passenger is 3.3 %");
        assertEquals(2, pipeline(CONFIG.replace("capacities: {minibus: 10},", "")).percentageStep());
        assertEquals(10, pipeline(config(", occupancy-percentage-step: 10"))
                .percentageStep());
    }

    @Test
    void withoutAStandingCapacityTheCrushLoadSaysHowManyStand() throws Exception {
        BusOccupancyPipeline settings = pipeline(CONFIG.replace("standing-capacity: 20", "crush-load: 125%"));
        assertEquals(50, settings.crushLoadOf("bus-1"), "40 seats and a quarter of them standing");
        assertEquals(60, pipeline(CONFIG).crushLoadOf("bus-1"));
    }

    @Test
    void aStepThatDoesNotDivide100IsRefusedWithTheStepsToUse() throws Exception {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> pipeline(config(", occupancy-percentage-step: 3")));
        assertTrue(e.getMessage().contains("occupancy-percentage-step") && e.getMessage().contains("1, 2, 4, 5, 10"),
                e.getMessage());
    }

    @Test
    void percentageTripAndNoData() throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Map<String, String> trip = Map.of("trip", "T-1", "line", "R-9", "dir", "1", "day", "20251121");
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(door("b1", 45, trip), door("b2", 3, Map.of("line", "R-2", "dir", "2", "day", "21.11.2025"))),
                List.of(door("b2", 1, Map.of())),
                List.of(door("b2", 1, Map.of())),
                List.of(door("b2", 1, Map.of())),
                List.of(door("b2", 1, Map.of()))));
        Set<String> faulty = new HashSet<>();
        BusOccupancy occupancy = new BusOccupancy(pipeline(CONFIG), context.queueStream(queue), () -> Set.copyOf(faulty));
        List<Map<String, BusOccupancy.BusLoad>> batches = new ArrayList<>();
        occupancy.load().foreachBatch(batch -> {
            Map<String, BusOccupancy.BusLoad> buses = new java.util.TreeMap<>();
            for (Pair<String, BusOccupancy.BusLoad> bus : batch) {
                buses.put(bus.key(), bus.value());
            }
            batches.add(buses);
        });
        context.start();
        clock.advance(B.multipliedBy(2));
        faulty.add("b2");
        clock.advance(B.multipliedBy(3));

        BusOccupancy.BusLoad b1 = batches.get(0).get("b1");
        assertEquals(OccupancyLevel.STANDING_ROOM_ONLY, b1.level());
        assertEquals(76, b1.percentage(), "45 of 40 seats + 20 standing is 75 %, in steps of 4: 76");
        assertEquals(new LastReading(b1.lastReading().batchTime(), "T-1", "R-9", "1", "20251121"), b1.lastReading());
        BusOccupancy.BusLoad b2 = batches.get(0).get("b2");
        assertEquals(new LastReading(b2.lastReading().batchTime(), "", "R-2", "", ""), b2.lastReading(),
                "a direction other than 0 or 1 and a date not YYYYMMDD are left out");
        assertEquals(4, b2.percentage(), "3 of 60 is 5 %, in steps of 4: 4");
        assertEquals(OccupancyLevel.NO_DATA_AVAILABLE, batches.get(2).get("b2").level(),
                "a sensor-fault alert open on b2");
        assertEquals(-1, batches.get(2).get("b2").percentage());
        assertEquals(List.of(OccupancyLevel.STANDING_ROOM_ONLY, OccupancyLevel.STANDING_ROOM_ONLY,
                        OccupancyLevel.STANDING_ROOM_ONLY, OccupancyLevel.NO_DATA_AVAILABLE, OccupancyLevel.NO_DATA_AVAILABLE),
                batches.stream().map(buses -> buses.get("b1").level()).toList(), "b1 silent for 3 s");
        assertEquals(-1, batches.get(4).get("b1").percentage());
        assertEquals("T-1", batches.get(4).get("b1").lastReading().tripId(), "a silent bus keeps its last trip");
    }
}
