package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipelines that cannot run are refused when they are built, with a message that says how to fix them. */
class ValidationTest {

    private final StreamingContext context = new StreamingContext(Duration.ofSeconds(10), new ManualClock());
    private final DStream<Integer> input = context.queueStream(new ArrayDeque<List<Integer>>());

    @Test
    void windowLengthNotAMultipleOfTheBatchInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> input.window(Duration.ofSeconds(45), Duration.ofSeconds(10)));
        assertEquals("window: window length 45s is not a multiple of the batch interval 10s; use 40s or 50s",
                e.getMessage());
    }

    @Test
    void slideNotAMultipleOfTheBatchInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> input.countByWindow(Duration.ofMinutes(5), Duration.ofSeconds(15)));
        assertEquals("reduceByKeyAndWindow: slide 15s is not a multiple of the batch interval 10s; use 10s or 20s",
                e.getMessage());
    }

    @Test
    void windowOfAWindowMustFitTheParentsSlide() {
        DStream<Integer> windowed = input.window(Duration.ofMinutes(1), Duration.ofSeconds(30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> windowed.window(Duration.ofSeconds(100), Duration.ofSeconds(30)));
        assertEquals("window: window length 100s is not a multiple of the parent stream's slide 30s; use 90s or 2m",
                e.getMessage());
    }

    @Test
    void zeroOrNegativeWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> input.window(Duration.ZERO, Duration.ofSeconds(10)));
        assertEquals("window: window length 0s must be positive: use a multiple of the batch interval 10s", e.getMessage());
    }

    @Test
    void subMillisecondAndTooShortBatchIntervals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StreamingContext(Duration.ofMillis(5)));
        assertEquals("batch interval 5 ms is not supported: use whole milliseconds of at least 10 ms (1 s is typical)",
                e.getMessage());
    }

    @Test
    void unionOfDifferentSlides() {
        DStream<Integer> windowed = input.window(Duration.ofSeconds(20), Duration.ofSeconds(20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> input.union(windowed));
        assertEquals("union: all streams must have the same slide, but queueStream slides every 10s"
                + " and window every 20s; window one of them to match", e.getMessage());
    }

    @Test
    void startWithoutOutputs() {
        IllegalStateException e = assertThrows(IllegalStateException.class, context::start);
        assertEquals("no output operations registered, so nothing to execute: add foreachBatch or print to a stream",
                e.getMessage());
    }

    @Test
    void addingStreamsAfterStart() {
        input.count().foreachBatch(batch -> { });
        context.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> input.map(x -> x));
        assertEquals("cannot add map after the StreamingContext started: build every stream and output before start()",
                e.getMessage());
        assertThrows(IllegalStateException.class, context::start);
    }

    @Test
    void batchIntervalIsKept() {
        assertEquals(Duration.ofSeconds(10), context.batchInterval());
        assertEquals(B, new StreamingContext(B).batchInterval());
    }
}
