package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.streaming.clock.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** A user function that throws costs its record (or batch), never the runtime. */
class ErrorOutputTest {

    private final ManualClock clock = new ManualClock();
    private final StreamingContext context = new StreamingContext(B, clock);
    private final List<StreamError> errors = new ArrayList<>();
    private final Queue<List<String>> queue = new ArrayDeque<>();
    private final DStream<String> input = context.queueStream(queue);
    private final List<List<String>> out = new ArrayList<>();

    ErrorOutputTest() {
        context.onError(errors::add);
    }

    @Test
    void aThrowingMapDropsOnlyThatRecord() {
        input.map(word -> word.substring(1)).foreachBatch(batch -> out.add(batch.records()));
        queue.add(List.of("ab", "", "cd"));
        queue.add(List.of("ef"));
        context.start();
        clock.advance(B.multipliedBy(2));

        assertEquals(List.of(List.of("b", "d"), List.of("f")), out);
        assertEquals(1, errors.size());
        StreamError error = errors.get(0);
        assertEquals("map", error.operator());
        assertEquals("", error.input());
        assertEquals(1000L, error.batchTime());
        assertInstanceOf(StringIndexOutOfBoundsException.class, error.error());
        assertEquals(1, context.failedRecords());
    }

    @Test
    void aThrowingFilterInPullModeDropsOnlyThatRecord() {
        input.window(B.multipliedBy(2)).filter(word -> word.charAt(0) == 'a').foreachBatch(batch -> out.add(batch.records()));
        queue.add(List.of("ab", "", "ac"));
        context.start();
        clock.advance(B);
        assertEquals(List.of(List.of("ab", "ac")), out);
        assertEquals("filter", errors.get(0).operator());
    }

    @Test
    void aThrowingTransformReportsTheBatch() {
        input.transform(batch -> {
            if (batch.size() > 1) {
                throw new IllegalStateException("too many");
            }
            return batch.records();
        }).foreachBatch(batch -> out.add(batch.records()));
        queue.add(List.of("a", "b"));
        queue.add(List.of("c"));
        context.start();
        clock.advance(B.multipliedBy(2));
        assertEquals(List.of(List.of(), List.of("c")), out);
        assertEquals("transform", errors.get(0).operator());
        assertInstanceOf(Batch.class, errors.get(0).input());
    }

    @Test
    void aThrowingUpdateKeepsThePreviousState() {
        List<List<Pair<String, Integer>>> states = new ArrayList<>();
        input.mapToPair(word -> p(word, 1)).<Integer>updateStateByKey((values, state) -> {
            if (values.size() > 1) {
                throw new ArithmeticException("boom");
            }
            return Optional.of(state.orElse(0) + values.size());
        }).foreachBatch(batch -> states.add(batch.records()));
        queue.add(List.of("a"));
        queue.add(List.of("a", "a"));
        queue.add(List.of("a"));
        context.start();
        clock.advance(B.multipliedBy(3));
        assertEquals(List.of(List.of(p("a", 1)), List.of(p("a", 1)), List.of(p("a", 2))), states);
        assertEquals(Pair.of("a", List.of(1, 1)), errors.get(0).input());
    }

    @Test
    void aThrowingOutputDoesNotStopTheNextOutputOrBatch() {
        input.foreachBatch(batch -> {
            throw new IllegalStateException("sink down");
        });
        input.foreachBatch(batch -> out.add(batch.records()));
        queue.add(List.of("a"));
        queue.add(List.of("b"));
        context.start();
        clock.advance(B.multipliedBy(2));
        assertEquals(List.of(List.of("a"), List.of("b")), out);
        assertEquals(2, errors.size());
        assertEquals("foreachBatch", errors.get(0).operator());
    }

    @Test
    void failFastStopsAtTheFirstFailure() {
        ManualClock manual = new ManualClock();
        StreamingContext strict = StreamingContext.builder().batchInterval(B).clock(manual).failFast(true).build();
        Queue<List<String>> q = new ArrayDeque<>(List.of(List.of("ok", "")));
        strict.<String>queueStream(q).map(word -> word.substring(1)).foreachBatch(batch -> { });
        strict.start();
        StreamingException e = assertThrows(StreamingException.class, () -> manual.advance(B));
        assertInstanceOf(StringIndexOutOfBoundsException.class, e.getCause());
    }
}
