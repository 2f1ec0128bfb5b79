package dev.rivulet.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineFile;
import dev.rivulet.baseline.Usual;
import dev.rivulet.baseline.WeekSlots;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A busier-than-usual rule in the engine, on a manual clock with batches of an hour, so each batch is one slot of
 * the week: raised after two batches above the usual high quantile plus the margin; a slot known from too few
 * batches, or not known, neither raises nor clears; a known slot clears.
 */
class UsualYardstickTest {

    private static final Duration HOUR = Duration.ofHours(1);
    /** Monday 2 November 2026, 00:00 UTC: the batch ending at 01:00 is in slot 1. */
    private static final long MONDAY = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    @Test
    void raisedAboveTheUsualHighAndNeitherRaisedNorClearedWhereTheSlotIsNotKnown() throws Exception {
        Path file = dir.resolve("baseline.json");
        WeekSlots slots = new WeekSlots(HOUR, ZoneOffset.UTC);
        Usual known = new Usual(100, 0.3, 0.5);
        BaselineFile.write(new Baseline("occupancy.load", Baseline.BY_KEY, slots, 0.9, 0, 0, Map.of("bus-1", Map.of(
                1, known, 2, known, 3, new Usual(5, 0.3, 0.5), 5, known, 6, known, 7, known))), file);
        BusierThanUsualAlert rule = new BusierThanUsualAlert("busier", "occupancy", "load", 0.1, 0, 2, List.of("log"),
                new BusierThanUsualAlert.History(file, slots, 0.9, 100, Map.of()));

        // Per batch (slot): bus-1's load, and bus-2's, which the baseline does not know.
        double[] bus1 = {0.7, 0.7, 0.1, 0.1, 0.1, 0.7, 0.7};
        //      slot:     1    2    3 (5 samples)  4 (none)  5    6    7
        ArrayDeque<List<Pair<String, Double>>> batches = new ArrayDeque<>();
        for (double load : bus1) {
            batches.add(List.of(Pair.of("bus-1", load), Pair.of("bus-2", 0.99)));
        }
        ManualClock clock = new ManualClock(MONDAY);
        StreamingContext context = StreamingContext.builder().batchInterval(HOUR).clock(clock).failFast(true).build();
        PairDStream<String, Double> loads = new PairDStream<>(context.queueStream(batches));
        List<String> changes = new ArrayList<>();
        AlertRule.alerts(rule, loads, load -> load, load -> "load " + load).foreachBatch(batch -> batch.forEach(alert ->
                changes.add(alert.key() + " " + (alert.raised() ? "raised" : "cleared") + " at slot "
                        + slots.slotOf(alert.batchTime()) + ": " + alert.detail())));
        context.start();
        clock.advance(HOUR.multipliedBy(bus1.length));
        context.stop(false);

        assertEquals(List.of(
                "bus-1 raised at slot 2: load 0.7; usually up to 0.50 on Mon 02:00 (90% quantile of 100 batches, median 0.30)",
                "bus-1 cleared at slot 5: load 0.1; usually up to 0.50 on Mon 05:00 (90% quantile of 100 batches, median 0.30)",
                "bus-1 raised at slot 7: load 0.7; usually up to 0.50 on Mon 07:00 (90% quantile of 100 batches, median 0.30)"),
                changes);
    }
}
