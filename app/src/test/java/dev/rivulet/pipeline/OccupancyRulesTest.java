package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each plausibility rule and the drift correction, batch by batch on a manual clock: one bus of 10 seats,
 * crush load 150 % (15), one door reading per batch. A case lists the readings ({@code in/out}, {@code end} marking
 * a trip end), the occupancy after each batch, and the bus's counters after the last.
 */
class OccupancyRulesTest {

    private static final Duration B = Duration.ofSeconds(1);

    private static final String CONFIG = """
            sources:
              doors: {type: simulator}
            pipelines:
              occupancy:
                type: bus-occupancy
                source: doors
                where: [in <= 100]
                capacity: 10
                crush-load: 150%
                window: 1s
                slide: 1s
                trip-end: {label: trip, values: [end]}
                EXTRA
            """;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("plausible readings pass", "",
                        "5/0 3/1 0/7", "5 7 0", "rejected {} corrections 0"),
                Arguments.of("where rule", "",
                        "5/0 200/0 1/0", "5 5 6", "rejected {where in <= 100=1} corrections 0"),
                Arguments.of("negative-count", "",
                        "5/0 -3/0 0/-1 1/0", "5 5 5 6", "rejected {negative-count=2} corrections 0"),
                Arguments.of("negative-count off: the count is taken, the occupancy stays at 0 or more", "plausibility: {negative-count: false}",
                        "5/0 -3/0", "5 2", "rejected {} corrections 0"),
                Arguments.of("event-over-crush-load: more in one event than the bus holds", "",
                        "5/0 16/0 0/16 15/15", "5 5 5 5", "rejected {event-over-crush-load=2} corrections 0"),
                Arguments.of("jump-over-crush-load: would put the occupancy past 15", "",
                        "10/0 6/0 5/0 6/2", "10 10 15 15", "rejected {jump-over-crush-load=2} corrections 0"),
                Arguments.of("jump rule off: held at the crush load, a correction", "plausibility: {jump-over-crush-load: false}",
                        "10/0 8/0", "10 15", "rejected {} corrections 1 of 3"),
                Arguments.of("below zero: set to 0, a correction of the missing passengers", "",
                        "3/0 0/5 2/0", "3 0 2", "rejected {} corrections 1 of 2"),
                Arguments.of("the net change of a stop counts: more out than on board is fine when as many board", "",
                        "0/0 2/1 3/4", "0 1 0", "rejected {} corrections 0"),
                Arguments.of("trip end: what is left after the alightings is removed, then the trip back boards", "",
                        "6/0 2/1 0/5 end", "6 7 0", "rejected {} corrections 1 of 2"),
                Arguments.of("trip end with the boardings for the trip back", "",
                        "6/0 4/3 end", "6 4", "rejected {} corrections 1 of 3"),
                Arguments.of("trip end exact: no correction", "",
                        "6/0 0/6 end", "6 0", "rejected {} corrections 0"),
                Arguments.of("a faulty reading at a trip end still ends the trip", "",
                        "6/0 -1/0 end", "6 0", "rejected {negative-count=1} corrections 1 of 6"),
                Arguments.of("a trip-end marker alone", "",
                        "9/0 0/0 end 2/0", "9 0 2", "rejected {} corrections 1 of 9"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rule(String name, String settings, String readings, String expectedOccupancy, String expectedCounters) throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG.replace("EXTRA", settings), "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>();
        String[] steps = readings.split(" ");
        int batches = 0;
        for (int i = 0; i < steps.length; i++) {
            boolean end = i + 1 < steps.length && steps[i + 1].equals("end");
            if (steps[i].equals("end")) {
                continue;
            }
            String[] counts = steps[i].split("/");
            Map<String, String> labels = new HashMap<>(Map.of("stop", "S" + i));
            if (end) {
                labels.put("trip", "end");
            }
            queue.add(List.of(Reading.of("door", "bus", i, i, Map.of("in", Double.parseDouble(counts[0]),
                    "out", Double.parseDouble(counts[1])), labels)));
            batches++;
        }
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<String> occupancy = new ArrayList<>();
        List<BusOccupancy.BusLoad> last = new ArrayList<>();
        pipeline.load().foreachBatch(batch -> {
            for (Pair<String, BusOccupancy.BusLoad> bus : batch) {
                occupancy.add(Long.toString(bus.value().occupancy()));
                last.add(0, bus.value());
            }
        });
        context.start();
        clock.advance(B.multipliedBy(batches));
        assertEquals(expectedOccupancy, String.join(" ", occupancy), name);
        BusOccupancy.BusLoad bus = last.get(0);
        String corrections = bus.corrections() == 0 ? "0" : bus.corrections() + " of " + bus.correctedPassengers();
        assertEquals(expectedCounters, "rejected " + bus.rejected() + " corrections " + corrections, name);
    }
}
