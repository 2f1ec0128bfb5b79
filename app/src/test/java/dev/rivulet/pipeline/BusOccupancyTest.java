package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.alerts.Alert;
import dev.rivulet.alerts.AlertRule;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** The flagship pipeline and its capacity alert, batch by batch on a manual clock. */
class BusOccupancyTest {

    private static final Duration B = Duration.ofSeconds(1);

    private static final String CONFIG = """
            sources:
              doors: {type: simulator}
            pipelines:
              occupancy:
                type: bus-occupancy
                source: doors
                where: [in >= 0, out >= 0]
                capacity: 10
                capacities: {big: 20}
                window: 3s
                slide: 1s
            alerts:
              full: {pipeline: occupancy, high: 90%, low: 80%, consecutive: 2}
            """;

    private static Reading door(String bus, String stop, double in, double out) {
        return Reading.of("door", bus, 0, 0, Map.of("in", in, "out", out), Map.of("stop", stop));
    }

    @Test
    void occupancyLoadAlertsAndStopWindows() throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG, "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(door("b1", "S1", 5, 0), door("big", "S1", 4, 0)),
                List.of(door("b1", "S2", 4, 0), door("b1", "S2", -3, 0)),          // faulty reading left out
                List.of(door("b1", "S3", 1, 2), door("big", "S3", 0, 9)),          // big would go below 0: stays at 0
                List.of(door("b1", "S4", 1, 0)),
                List.of(door("b1", "S5", 0, 3)),
                List.of()));
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<String> occupancy = new ArrayList<>();
        pipeline.occupancy().foreachBatch(batch -> occupancy.add(sorted(batch.records())));
        List<String> boardings = new ArrayList<>();
        pipeline.boardingsPerStop().foreachBatch(batch -> boardings.add(sorted(batch.records())));
        List<Alert> alerts = new ArrayList<>();
        AlertRule.alerts(config.alerts().get("full"), pipeline.load(), BusOccupancy.BusLoad::load,
                load -> load.occupancy() + " of " + load.capacity()).foreachBatch(batch -> alerts.addAll(batch.records()));
        context.start();
        clock.advance(B.multipliedBy(6));

        assertEquals(List.of("[(b1,5), (big,4)]", "[(b1,9), (big,4)]", "[(b1,8), (big,0)]", "[(b1,9), (big,0)]",
                "[(b1,6), (big,0)]", "[(b1,6), (big,0)]"), occupancy);
        // b1 reaches 90% (9 of 10) at batch 1, drops to 80% at batch 2 (streak broken), is at 90% again at
        // batch 3 and falls to 60% at batch 4: never two batches in a row, so no alert.
        assertEquals(List.of(), alerts);
        assertEquals(List.of("[(S1,9)]", "[(S1,9), (S2,4)]", "[(S1,9), (S2,4), (S3,1)]", "[(S2,4), (S3,1), (S4,1)]",
                "[(S3,1), (S4,1)]", "[(S4,1)]"), boardings);
    }

    /** Readings a wide max-magnitude lets through are rejected by event-over-crush-load, and counted. */
    @Test
    void hugeCountsAreRejectedAndCounted() throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG, "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(door("b1", "S1", 9e18, 0), door("b1", "S1", 3, 0), door("b2", "S1", 0, 9e18))));
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<String> rejected = new ArrayList<>();
        pipeline.load().foreachBatch(batch -> rejected.add(sortedBy(batch.records(),
                bus -> bus.occupancy() + " " + bus.rejected())));
        context.start();
        clock.advance(B);
        assertEquals(List.of("[b1=3 {event-over-crush-load=1}, b2=0 {event-over-crush-load=1}]"), rejected);
    }

    /** With the plausibility rules off, sums stop at the largest long instead of wrapping round, and the occupancy at the crush load. */
    @Test
    void withoutRulesHugeCountsSaturateAndOccupancyStopsAtTheCrushLoad() throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG.replace("slide: 1s", """
                slide: 1s
                    plausibility: {negative-count: false, event-over-crush-load: false, jump-over-crush-load: false}"""), "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(door("b1", "S1", 9e18, 0), door("b1", "S1", 9e18, 0), door("b2", "S1", 0, 9e18)),
                List.of(door("b1", "S2", 9e18, 0), door("b2", "S2", 9e18, 0), door("b2", "S2", 9e18, 0))));
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<String> occupancy = new ArrayList<>();
        pipeline.occupancy().foreachBatch(batch -> occupancy.add(sorted(batch.records())));
        List<String> boardings = new ArrayList<>();
        pipeline.boardingsPerStop().foreachBatch(batch -> boardings.add(sorted(batch.records())));
        context.start();
        clock.advance(B.multipliedBy(2));
        long max = Long.MAX_VALUE;
        assertEquals(List.of("[(b1,15), (b2,0)]", "[(b1,15), (b2,15)]"), occupancy);
        assertEquals("[(S1," + max + ")]", boardings.get(0));
    }

    @Test
    void aBusAtCapacityForTwoBatchesRaisesOnceAndClearsOnce() throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG, "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(door("b1", "S1", 9, 0)),    // 90%: streak 1
                List.of(door("b1", "S2", 1, 0)),    // 100%: streak 2 → raised
                List.of(),                          // still 100%: nothing new
                List.of(door("b1", "S3", 0, 2)),    // 80%: not below low, nothing
                List.of(door("b1", "S4", 0, 1)),    // 70%: cleared
                List.of()));
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), context.queueStream(queue));
        List<Alert> alerts = new ArrayList<>();
        AlertRule.alerts(config.alerts().get("full"), pipeline.load(), BusOccupancy.BusLoad::load,
                load -> load.occupancy() + " of " + load.capacity()).foreachBatch(batch -> alerts.addAll(batch.records()));
        context.start();
        clock.advance(B.multipliedBy(6));

        assertEquals(List.of("full/b1/2000/raised", "full/b1/5000/cleared"), alerts.stream().map(Alert::id).toList());
        assertEquals("10 of 10", alerts.get(0).detail());
        assertEquals(1.0, alerts.get(0).value());
        assertEquals(0.7, alerts.get(1).value(), 1e-9);
    }

    /**
     * A window sliding by several batches folds the batches per slide first: the same sums at every slide as counting
     * the window's readings one by one, a stop with alightings only included, a stop gone once its counts have left.
     */
    @Test
    void stopWindowsFoldedPerSlideCountEveryReadingInTheWindow() throws Exception {
        RivuletConfig config = ConfigLoader.parse(CONFIG.replace("window: 3s", "window: 6s").replace("slide: 1s", "slide: 2s"),
                "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        java.util.Random random = new java.util.Random(7);
        List<List<Reading>> batches = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            List<Reading> batch = new ArrayList<>();
            for (int r = random.nextInt(4); r > 0 && b < 14; r--) {
                batch.add(door("b" + random.nextInt(3), "S" + random.nextInt(4), random.nextInt(3), random.nextInt(3)));
            }
            batches.add(batch);
        }
        batches.set(3, List.of(door("b1", "OFF", 0, 2)));
        BusOccupancy pipeline = new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"),
                context.queueStream(new ArrayDeque<>(batches)));
        Map<Long, String> stops = new java.util.TreeMap<>();
        pipeline.stops().foreachBatch(batch -> stops.put(batch.time(), sorted(batch.records())));
        context.start();
        long zero = clock.wallTimeMillis();
        clock.advance(B.multipliedBy(20));

        Map<Long, String> expected = new java.util.TreeMap<>();
        for (int end = 2; end <= 20; end += 2) {     // the batch at zero + end s holds batches[end - 1]
            Map<String, long[]> counts = new java.util.TreeMap<>();
            for (int b = Math.max(0, end - 6); b < end; b++) {
                for (Reading r : batches.get(b)) {
                    long[] count = counts.computeIfAbsent(r.label("stop"), s -> new long[2]);
                    count[0] += (long) r.value("in");
                    count[1] += (long) r.value("out");
                }
            }
            List<Pair<String, StopCount>> pairs = new ArrayList<>();
            counts.forEach((stop, count) -> {
                if (count[0] != 0 || count[1] != 0) {
                    pairs.add(Pair.of(stop, new StopCount(count[0], count[1])));
                }
            });
            expected.put(zero + end * 1000L, sorted(pairs));
        }
        assertEquals(expected, stops);
        assertTrue(stops.get(zero + 4000L).contains("(OFF,StopCount[boardings=0, alightings=2])"),
                "the stop with alightings only: " + stops.get(zero + 4000L));
        assertEquals("[]", stops.get(zero + 20_000L), "every count has left the window");
    }

    private static String sorted(List<? extends Pair<?, ?>> pairs) {
        List<String> text = new ArrayList<>();
        pairs.forEach(pair -> text.add(pair.toString()));
        text.sort(null);
        return text.toString();
    }

    private static <V> String sortedBy(List<Pair<String, V>> pairs, java.util.function.Function<V, String> show) {
        List<String> text = new ArrayList<>();
        pairs.forEach(pair -> text.add(pair.key() + "=" + show.apply(pair.value())));
        text.sort(null);
        return text.toString();
    }
}
