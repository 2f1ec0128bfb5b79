package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batch times, boundaries, receivers and listeners, on a manual clock. */
class SchedulerTest {

    private static final Duration B = Duration.ofSeconds(1);

    private final ManualClock clock = new ManualClock(1_700_000_000_300L);
    private final StreamingContext context = new StreamingContext(B, clock);
    private final ReceiverInputDStream<String> input = context.receiverStream("test", 8);
    private final Receiver<String> receiver = input.receiver();
    private final List<Batch<String>> batches = new ArrayList<>();
    private final List<BatchInfo> infos = new ArrayList<>();

    SchedulerTest() {
        input.foreachBatch(batches::add);
        context.addListener(infos::add);
    }

    @Test
    void firstBatchTimeIsTheNextMultipleOfTheIntervalAsInSpark() throws Exception {
        context.start();
        assertEquals(1_700_000_001_000L, context.firstBatchTime());
        receiver.push("a");
        clock.advance(Duration.ofMillis(699));
        assertEquals(List.of(), batches, "the first boundary is 700 ms away");
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, batches.size());
        assertEquals(1_700_000_001_000L, batches.get(0).time());
        assertEquals(List.of("a"), batches.get(0).records());
    }

    @Test
    void recordsLandInTheBatchOfTheirInterval() throws Exception {
        context.start();
        clock.advance(Duration.ofMillis(700));
        receiver.push("b1");
        receiver.push("b2");
        clock.advance(B);
        clock.advance(B);
        receiver.push("b4");
        clock.advance(B);
        assertEquals(List.of(List.of(), List.of("b1", "b2"), List.of(), List.of("b4")),
                batches.stream().map(Batch::records).toList());
        assertEquals(List.of(0L, 2L, 0L, 1L), infos.stream().map(BatchInfo::records).toList());
    }

    @Test
    void aWallClockJumpNeitherStretchesNorDuplicatesBatches() throws Exception {
        context.start();
        clock.advance(Duration.ofMillis(700));
        clock.jumpWallClock(Duration.ofHours(3));
        receiver.push("after forward jump");
        clock.advance(B);
        clock.jumpWallClock(Duration.ofHours(-5));
        receiver.push("after backward jump");
        clock.advance(B);
        long first = context.firstBatchTime();
        assertEquals(List.of(first, first + 1000, first + 2000), batches.stream().map(Batch::time).toList());
        assertEquals(List.of(List.of(), List.of("after forward jump"), List.of("after backward jump")),
                batches.stream().map(Batch::records).toList());
    }

    @Test
    void lateBatchesQueueAndReportTheirDelayInsteadOfBeingSkipped() {
        context.start();
        // The engine gets no chance to run for 3.7 s: four boundaries (0.7, 1.7, 2.7, 3.7 s) pass at once.
        clock.advance(Duration.ofMillis(3700));
        assertEquals(4, infos.size(), "every batch runs, none is skipped");
        assertEquals(List.of(Duration.ofMillis(3000), Duration.ofMillis(2000), Duration.ofMillis(1000), Duration.ZERO),
                infos.stream().map(BatchInfo::schedulingDelay).toList());
    }

    @Test
    void offerRefusesWhenFullAndCountsTheDrop() throws Exception {
        context.start();
        for (int i = 0; i < 8; i++) {
            assertTrue(receiver.offer("r" + i));
        }
        assertFalse(receiver.offer("one too many"));
        ReceiverStats stats = receiver.stats();
        assertEquals(8, stats.accepted());
        assertEquals(1, stats.dropped());
        assertEquals(8, stats.buffered());
        clock.advance(Duration.ofMillis(700));
        assertEquals(8, batches.get(0).size());
        assertEquals(0, receiver.stats().buffered());
        assertTrue(receiver.offer("room again"));
    }

    @Test
    void pushWaitsForRoomThenContinues() throws Exception {
        context.start();
        for (int i = 0; i < 8; i++) {
            receiver.push("r" + i);
        }
        Thread pusher = new Thread(() -> {
            try {
                receiver.push("waited");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pusher.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (receiver.stats().blocked() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(1, receiver.stats().blocked(), "the ninth push waits: backpressure");
        clock.advance(Duration.ofMillis(700));
        pusher.join(Duration.ofSeconds(10).toMillis());
        assertFalse(pusher.isAlive());
        clock.advance(B);
        assertEquals(8, batches.get(0).size());
        assertEquals(List.of("waited"), batches.get(1).records());
    }

    @Test
    void completionHooksRunAfterTheBatchOutputsAndNotBefore() throws Exception {
        AtomicInteger done = new AtomicInteger();
        List<Integer> seenByOutput = new ArrayList<>();
        input.foreachBatch(batch -> seenByOutput.add(done.get()));
        context.start();
        receiver.push("a", done::incrementAndGet);
        receiver.push("b", done::incrementAndGet);
        assertEquals(0, done.get());
        clock.advance(Duration.ofMillis(700));
        assertEquals(List.of(0), seenByOutput, "outputs run before acknowledgements");
        assertEquals(2, done.get());
    }

    @Test
    void stoppedReceiverRefusesRecords() throws Exception {
        context.start();
        context.stop(true);
        assertFalse(receiver.push("late"));
        assertEquals(StreamingContext.State.STOPPED, context.state());
    }
}
