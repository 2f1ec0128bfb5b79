package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the engine keeps between batches: raw records only where needed, windows bounded by keys × batches. */
class MemoryBoundsTest {

    private static final Duration B = Duration.ofSeconds(1);

    @Test
    void rawRecordsAreNotKeptWhenOnlyAggregatesAreNeeded() throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Integer> input = context.receiverStream("numbers", 1 << 16);
        DStream<Integer> evens = input.filter(x -> x % 2 == 0);
        PairDStream<Integer, Long> perKey = evens.mapToPair(x -> Pair.of(x % 10, 1L)).reduceByKey(Long::sum);
        perKey.<Long>updateStateByKey((values, state) -> Optional.of(state.orElse(0L) + values.size()))
                .foreachBatch(batch -> { });
        perKey.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(30), B).foreachBatch(batch -> { });
        context.start();

        assertTrue(input.pushMode && evens.pushMode, "per-record operators run as records arrive");
        assertNull(input.openRecords, "the receiver's raw records are never gathered into a batch");
        assertNull(evens.openRecords);
        for (int i = 0; i < 50_000; i++) {
            input.receiver().push(i);
        }
        clock.advance(B);
        assertTrue(input.rememberedBatches().isEmpty());
        assertEquals(5, perKey.stream().rememberedBatches().lastEntry().getValue().size(), "one entry per key");
    }

    @Test
    void aThirtyMinuteWindowRemembersOnePartialPerKeyPerBatch() {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        java.util.Queue<List<Pair<Integer, Long>>> queue = new java.util.ArrayDeque<>();
        int batches = 2000;
        for (int k = 0; k < batches; k++) {
            List<Pair<Integer, Long>> batch = new ArrayList<>();
            for (int r = 0; r < 200; r++) {
                batch.add(Pair.of(r % 20, 1L));
            }
            queue.add(batch);
        }
        DStream<Pair<Integer, Long>> pairs = context.queueStream(queue);
        PairDStream<Integer, Long> window = new PairDStream<>(pairs)
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, Duration.ofMinutes(30), B);
        List<Long> totals = new ArrayList<>();
        window.foreachBatch(batch -> totals.add(batch.records().stream().mapToLong(Pair::value).sum()));
        context.start();
        clock.advance(B.multipliedBy(batches));

        DStream<?> perBatch = window.stream().dependencies().get(0);
        int remembered = perBatch.rememberedBatches().size();
        assertTrue(remembered <= 1801, "per-batch partials remembered: " + remembered);
        perBatch.rememberedBatches().values().forEach(b -> assertEquals(20, b.size(), "keys per partial"));
        assertTrue(pairs.rememberedBatches().isEmpty(), "raw pairs are not kept");
        assertEquals(1800L * 200, totals.get(batches - 1), "a full window holds 1800 batches of 200");
        assertEquals(200L * 10, totals.get(9));
    }

    @Test
    void aPushStreamUnderAStateKeepsOneBatchHoweverLongAWindowFurtherDown() {
        // The gateway's chain: door events (push) → each bus's ledger (state) → its load → a window of one summary
        // period. In Spark the window's reach spreads to the door events; the ledger is computed at every batch and
        // keeps its own past, so nothing asks for the events of an older batch again.
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Integer> input = context.receiverStream("doors", 1 << 16);
        PairDStream<Integer, Integer> events = input.mapToPair(x -> Pair.of(x % 4, x));
        PairDStream<Integer, Long> ledger = events.<Long>updateStateByKey(
                (values, state) -> Optional.of(state.orElse(0L) + values.size()));
        List<Long> perPeriod = new ArrayList<>();
        ledger.mapValues(count -> count).reduceByKeyAndWindow(Long::sum, B.multipliedBy(10), B.multipliedBy(10))
                .foreachBatch(batch -> perPeriod.add(batch.records().stream().mapToLong(Pair::value).sum()));
        context.start();

        assertTrue(events.stream().pushMode);
        assertEquals(B.toMillis(), events.stream().rememberMillis(), "the events' own batch, for the ledger");
        for (int b = 0; b < 30; b++) {
            for (int i = 0; i < 1000; i++) {
                input.receiver().offer(i);
            }
            clock.advance(B);
            assertTrue(events.stream().rememberedBatches().size() <= 1,
                    "batches of events kept: " + events.stream().rememberedBatches().size());
        }
        // Each of 4 keys counts 250 more events a batch; a period sums its 10 batches' counts over the keys.
        assertEquals(List.of(4 * 250L * 55, 4 * 250L * 155, 4 * 250L * 255), perPeriod);
    }
}
