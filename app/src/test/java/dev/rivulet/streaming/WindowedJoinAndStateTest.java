package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.firingBatches;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.streaming.clock.ManualClock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * groupByKeyAndWindow, pair windows, joins over windows, updateStateByKey from an initial state, slice and
 * remember, after Spark's {@code WindowOperationsSuite} and {@code BasicOperationsSuite}.
 */
class WindowedJoinAndStateTest {

    private static final List<List<Pair<String, Integer>>> INPUT = List.of(
            List.of(p("a", 1)), List.of(p("a", 2), p("b", 1)), List.of(), List.of(p("b", 2)), List.of(p("a", 3)),
            List.of());

    @Test
    void groupByKeyAndWindowListsTheWindowsValuesOldestFirst() {
        assertOutputs(List.of(
                List.of(Pair.of("a", List.of(1))),
                List.of(Pair.of("a", List.of(1, 2)), Pair.of("b", List.of(1))),
                List.of(Pair.of("a", List.of(2)), Pair.of("b", List.of(1))),
                List.of(Pair.of("b", List.of(2))),
                List.of(Pair.of("b", List.of(2)), Pair.of("a", List.of(3))),
                List.of(Pair.of("a", List.of(3)))
        ), Harness.run(INPUT, s -> new PairDStream<>(s).groupByKeyAndWindow(B.multipliedBy(2)).stream()));
    }

    @Test
    void groupByKeyAndWindowWithASlideFiresAtTheSlideOnly() {
        List<Harness.Fired<Pair<String, List<Integer>>>> fired = Harness.run(INPUT,
                s -> new PairDStream<>(s).groupByKeyAndWindow(B.multipliedBy(3), B.multipliedBy(2), 4).stream());
        assertEquals(List.of(1, 3, 5), firingBatches(fired));
        assertOutputs(List.of(
                List.of(Pair.of("a", List.of(1, 2)), Pair.of("b", List.of(1))),
                List.of(Pair.of("a", List.of(2)), Pair.of("b", List.of(1, 2))),
                List.of(Pair.of("a", List.of(3)), Pair.of("b", List.of(2)))
        ), fired);
    }

    @Test
    void pairWindowOfALengthSlidesEveryBatch() {
        assertOutputs(List.of(
                List.of(p("a", 1)), List.of(p("a", 1), p("a", 2), p("b", 1)), List.of(p("a", 1), p("a", 2), p("b", 1)),
                List.of(p("a", 2), p("b", 1), p("b", 2)), List.of(p("b", 2), p("a", 3)), List.of(p("b", 2), p("a", 3))
        ), Harness.run(INPUT, s -> new PairDStream<>(s).window(B.multipliedBy(3)).stream()));
    }

    @Test
    void fullOuterJoinOfTwoWindowsJoinsWhatEachWindowHolds() {
        // Left: the last 2 batches; right: the batch alone, values negated.
        assertOutputs(List.of(
                List.of(Pair.of("a", Pair.of(Optional.of(1), Optional.of(-1)))),
                List.of(Pair.of("a", Pair.of(Optional.of(3), Optional.of(-2))), Pair.of("b", Pair.of(Optional.of(1), Optional.of(-1)))),
                List.of(Pair.of("a", Pair.of(Optional.of(2), Optional.empty())), Pair.of("b", Pair.of(Optional.of(1), Optional.empty()))),
                List.of(Pair.of("b", Pair.of(Optional.of(2), Optional.of(-2)))),
                List.of(Pair.of("b", Pair.of(Optional.of(2), Optional.empty())), Pair.of("a", Pair.of(Optional.of(3), Optional.of(-3)))),
                List.of(Pair.of("a", Pair.of(Optional.of(3), Optional.empty())))
        ), Harness.run(INPUT, s -> new PairDStream<>(s).reduceByKeyAndWindow(Integer::sum, B.multipliedBy(2))
                .fullOuterJoin(new PairDStream<>(s).mapValues(v -> -v)).stream()));
    }

    @Test
    void joiningStreamsOfDifferentSlidesIsRefusedWithAFix() {
        StreamingContext context = new StreamingContext(B, new ManualClock());
        PairDStream<String, Integer> pairs = new PairDStream<>(context.queueStream(new ArrayDeque<List<Pair<String, Integer>>>()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pairs.cogroup(pairs.window(B.multipliedBy(2), B.multipliedBy(2))));
        assertEquals("cogroup: both streams must have the same slide, but the left slides every 1s and the right"
                + " every 2s; window one of them to match", e.getMessage());
    }

    @Test
    void updateStateByKeyStartsFromTheInitialStateAndUpdatesItsKeysAtTheFirstBatch() {
        List<String> calls = new ArrayList<>();
        List<Harness.Fired<Pair<String, Integer>>> fired = Harness.run(INPUT.subList(0, 3),
                s -> new PairDStream<>(s).<Integer>updateStateByKey((values, state) -> {
                    calls.add(values + "/" + state.orElse(null));
                    return Optional.of(state.orElse(0) + values.stream().mapToInt(x -> x).sum());
                }, Partitioner.hash(2), Map.of("z", 100, "a", 10)).stream());
        assertOutputs(List.of(
                List.of(p("z", 100), p("a", 11)),
                List.of(p("z", 100), p("a", 13), p("b", 1)),
                List.of(p("z", 100), p("a", 13), p("b", 1))
        ), fired);
        // At the first batch the initial keys are the previous state: "z" is updated with no values.
        assertEquals(List.of("[1]/10", "[]/100"), Harness.sorted(calls.subList(0, 2)));
    }

    @Test
    void sliceReturnsTheRememberedBatchesOfARange() {
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        DStream<Integer> numbers = context.queueStream(new ArrayDeque<>(List.of(List.of(1), List.of(2), List.of(3),
                List.of(4))));
        context.remember(B.multipliedBy(3));
        List<String> seen = new ArrayList<>();
        numbers.foreachBatch(batch -> {
            List<Integer> all = new ArrayList<>();
            for (Batch<Integer> past : numbers.slice(batch.time() - 2500, batch.time())) {
                all.addAll(past.records());
            }
            seen.add(all.toString());
        });
        assertThrows(IllegalStateException.class, () -> numbers.slice(0, 1000));
        context.start();
        clock.advance(B.multipliedBy(4));
        context.stop(false);
        // From time − 2.5 s rounded down to the slide (Spark's floor), so time − 3 s: up to four batches.
        assertEquals(List.of("[1]", "[1, 2]", "[1, 2, 3]", "[1, 2, 3, 4]"), seen);
    }
}
