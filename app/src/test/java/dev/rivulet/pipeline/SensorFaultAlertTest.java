package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.alerts.Alert;
import dev.rivulet.alerts.AlertRule;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A bus whose door counter keeps misreporting raises one sensor-fault alert, with the capacity alerts'
 * hysteresis and stable ids, and clears it once its readings are sound again; a single fault does not.
 */
class SensorFaultAlertTest {

    private static final Duration B = Duration.ofSeconds(1);

    private static Reading door(String bus, double in, double out) {
        return Reading.of("door", bus, 0, 0, Map.of("in", in, "out", out));
    }

    @Test
    void aCounterThatKeepsMisreportingRaisesOnceAndClearsOnce() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  doors: {type: simulator}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, capacity: 10, window: 1s, slide: 1s}
                alerts:
                  counters: {type: sensor-fault, pipeline: occupancy, high: 30%, low: 10%, consecutive: 2}
                """, "test");
        List<List<Reading>> batches = new ArrayList<>();
        batches.add(List.of(door("good", 1, 0), door("bad", -1, 0)));                      // one fault: 12.5 %
        batches.add(List.of(door("good", 1, 0), door("bad", 1, 0)));
        for (int i = 0; i < 4; i++) {
            batches.add(List.of(door("good", 0, 0), door("bad", 0, 255), door("bad", -2, 0)));   // 2 faults a batch
        }
        for (int i = 0; i < 16; i++) {
            batches.add(List.of(door("good", 0, 0), door("bad", 0, 0)));                    // sound again
        }
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(batches);
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<String> alerts = new ArrayList<>();
        AlertRule.alerts(config.alerts().get("counters"), pipeline.load(), BusOccupancy.BusLoad::faultShare,
                bus -> bus.rejected().toString()).foreachBatch(batch -> batch.forEach(alert -> alerts.add(describe(alert))));
        context.start();
        clock.advance(B.multipliedBy(batches.size()));
        // Shares after each batch: 0.125, 0.11, 0.32 (streak 1), 0.48 (streak 2: raised), 0.6, 0.69, then 7/8 of
        // the last per sound reading: below 10 % after the 15th.
        assertEquals(List.of("counters/bad/4000/raised {event-over-crush-load=2, negative-count=3}",
                "counters/bad/21000/cleared {event-over-crush-load=4, negative-count=5}"), alerts);
    }

    private static String describe(Alert alert) {
        return alert.id() + " " + alert.detail();
    }
}
