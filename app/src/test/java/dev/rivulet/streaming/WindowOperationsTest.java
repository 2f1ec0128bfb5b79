package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.firingBatches;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Window operators, table-driven after Spark's {@code WindowOperationsSuite}. */
class WindowOperationsTest {

    private static final List<List<Pair<String, Integer>>> LARGER_SLIDE_INPUT = List.of(
            List.of(p("a", 1)), List.of(p("a", 2)), List.of(p("a", 3)), List.of(p("a", 4)),
            List.of(p("a", 5)), List.of(p("a", 6)), List.of(), List.of());
    private static final List<List<Pair<String, Integer>>> LARGER_SLIDE_OUTPUT = List.of(
            List.of(p("a", 3)), List.of(p("a", 10)), List.of(p("a", 18)), List.of(p("a", 11)));

    private static final List<List<Pair<String, Integer>>> BIG_INPUT = List.of(
            List.of(p("a", 1)),
            List.of(p("a", 1), p("b", 1)),
            List.of(p("a", 1), p("b", 1), p("c", 1)),
            List.of(p("a", 1), p("b", 1)),
            List.of(p("a", 1)),
            List.of(),
            List.of(p("a", 1)),
            List.of(p("a", 1), p("b", 1)),
            List.of(p("a", 1), p("b", 1), p("c", 1)),
            List.of(p("a", 1), p("b", 1)),
            List.of(p("a", 1)),
            List.of());
    private static final List<List<Pair<String, Integer>>> BIG_REDUCE_OUTPUT = List.of(
            List.of(p("a", 1)),
            List.of(p("a", 2), p("b", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 1)),
            List.of(p("a", 1)),
            List.of(p("a", 1)),
            List.of(p("a", 2), p("b", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 1)),
            List.of(p("a", 1)));
    /** With an inverse and no filter, keys are never forgotten: they stay, at 0. */
    private static final List<List<Pair<String, Integer>>> BIG_REDUCE_INVERSE_OUTPUT = List.of(
            List.of(p("a", 1)),
            List.of(p("a", 2), p("b", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 1), p("c", 0)),
            List.of(p("a", 1), p("b", 0), p("c", 0)),
            List.of(p("a", 1), p("b", 0), p("c", 0)),
            List.of(p("a", 2), p("b", 1), p("c", 0)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 2), p("c", 1)),
            List.of(p("a", 2), p("b", 1), p("c", 0)),
            List.of(p("a", 1), p("b", 0), p("c", 0)));

    private static final List<List<Integer>> SIX = IntStream.range(0, 6).mapToObj(List::of).toList();

    /** One row: an input, an operation, what the output receives at each firing, and where it fires. */
    private record Case<I, O>(String name, List<List<I>> input, Function<DStream<I>, DStream<O>> operation,
                              List<List<O>> expected, int slideBatches) {
        DynamicTest test() {
            return dynamicTest(name, () -> {
                int batches = expected.size() * slideBatches;
                List<Harness.Fired<O>> fired = Harness.run(input, batches, operation);
                assertOutputs(expected, fired);
                // A windowed stream fires where (k + 1) is a multiple of the slide, and nowhere else.
                List<Integer> at = new ArrayList<>();
                for (int k = 0; k < batches; k++) {
                    if ((k + 1) % slideBatches == 0) {
                        at.add(k);
                    }
                }
                assertEquals(at, firingBatches(fired), name + ": batches at which the output ran");
            });
        }
    }

    private static Duration b(int n) {
        return B.multipliedBy(n);
    }

    @TestFactory
    Stream<DynamicTest> window() {
        return Stream.of(
                new Case<Integer, Integer>("basic window", SIX, s -> s.window(b(2), b(1)),
                        List.of(List.of(0), List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 4), List.of(4, 5)), 1),
                new Case<Integer, Integer>("tumbling window", SIX, s -> s.window(b(2), b(2)),
                        List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5)), 2),
                new Case<Integer, Integer>("larger window", SIX, s -> s.window(b(4), b(2)),
                        List.of(List.of(0, 1), List.of(0, 1, 2, 3), List.of(2, 3, 4, 5)), 2),
                new Case<Integer, Integer>("non-overlapping window", SIX, s -> s.window(b(2), b(3)),
                        List.of(List.of(1, 2), List.of(4, 5)), 3),
                new Case<Integer, Integer>("window of a window", SIX, s -> s.window(b(2), b(2)).window(b(4), b(2)),
                        List.of(List.of(0, 1), List.of(0, 1, 2, 3), List.of(2, 3, 4, 5)), 2)
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> reduceByKeyAndWindow() {
        return Stream.of(
                reduceCase("basic reduction", List.of(List.of(p("a", 1), p("a", 3))), List.of(List.of(p("a", 4))), 2, 1),
                reduceCase("key already in window and new value added into window",
                        List.of(List.of(p("a", 1)), List.of(p("a", 1))),
                        List.of(List.of(p("a", 1)), List.of(p("a", 2))), 2, 1),
                reduceCase("new key added into window",
                        List.of(List.of(p("a", 1)), List.of(p("a", 1), p("b", 1))),
                        List.of(List.of(p("a", 1)), List.of(p("a", 2), p("b", 1))), 2, 1),
                reduceCase("key removed from window",
                        List.of(List.of(p("a", 1)), List.of(p("a", 1)), List.of(), List.of()),
                        List.of(List.of(p("a", 1)), List.of(p("a", 2)), List.of(p("a", 1)), List.of()), 2, 1),
                reduceCase("larger slide time", LARGER_SLIDE_INPUT, LARGER_SLIDE_OUTPUT, 4, 2),
                reduceCase("big test", BIG_INPUT, BIG_REDUCE_OUTPUT, 2, 1)
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> reduceByKeyAndWindowWithInverse() {
        return Stream.of(
                inverseCase("basic reduction", List.of(List.of(p("a", 1), p("a", 3))), List.of(List.of(p("a", 4))), 2, 1),
                inverseCase("key already in window and new value added into window",
                        List.of(List.of(p("a", 1)), List.of(p("a", 1))),
                        List.of(List.of(p("a", 1)), List.of(p("a", 2))), 2, 1),
                inverseCase("key removed from window stays at zero",
                        List.of(List.of(p("a", 1)), List.of(p("a", 1)), List.of(), List.of()),
                        List.of(List.of(p("a", 1)), List.of(p("a", 2)), List.of(p("a", 1)), List.of(p("a", 0))), 2, 1),
                inverseCase("larger slide time", LARGER_SLIDE_INPUT, LARGER_SLIDE_OUTPUT, 4, 2),
                inverseCase("big test", BIG_INPUT, BIG_REDUCE_INVERSE_OUTPUT, 2, 1),
                new Case<Pair<String, Integer>, Pair<String, Integer>>("big test with a filter dropping zeros",
                        BIG_INPUT, s -> new PairDStream<>(s).reduceByKeyAndWindow(Integer::sum, (x, y) -> x - y,
                                b(2), b(1), pair -> pair.value() != 0).stream(),
                        BIG_REDUCE_OUTPUT, 1)
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> countingWindows() {
        List<List<Integer>> countInput = List.of(List.of(1), List.of(1), List.of(1, 2), List.of(0), List.of(), List.of());
        List<List<String>> valueInput = List.of(List.of("a"), List.of("b", "b"), List.of("a", "b"));
        return Stream.of(
                new Case<Integer, Long>("countByWindow", countInput, s -> s.countByWindow(b(2), b(1)),
                        List.of(List.of(1L), List.of(2L), List.of(3L), List.of(3L), List.of(1L), List.of(0L)), 1),
                new Case<Integer, Long>("countByWindow is empty before the first record", List.of(List.of(), List.of(), List.of(7)),
                        s -> s.countByWindow(b(2), b(1)), List.of(List.of(), List.of(), List.of(1L)), 1),
                new Case<String, Pair<String, Long>>("countByValueAndWindow", valueInput,
                        s -> s.countByValueAndWindow(b(2), b(1)).stream(),
                        List.of(List.of(Pair.of("a", 1L)), List.of(Pair.of("a", 1L), Pair.of("b", 2L)),
                                List.of(Pair.of("a", 1L), Pair.of("b", 3L))), 1),
                new Case<String, Pair<String, Long>>("countByValueAndWindow drops values that left",
                        List.of(List.of("a"), List.of("b"), List.of(), List.of()),
                        s -> s.countByValueAndWindow(b(2), b(1)).stream(),
                        List.of(List.of(Pair.of("a", 1L)), List.of(Pair.of("a", 1L), Pair.of("b", 1L)),
                                List.of(Pair.of("b", 1L)), List.of()), 1),
                new Case<Integer, Integer>("reduceByWindow", SIX, s -> s.reduceByWindow(Integer::sum, b(3), b(1)),
                        List.of(List.of(0), List.of(1), List.of(3), List.of(6), List.of(9), List.of(12)), 1),
                new Case<Integer, Integer>("reduceByWindow with inverse", SIX,
                        s -> s.reduceByWindow(Integer::sum, (x, y) -> x - y, b(3), b(1)),
                        List.of(List.of(0), List.of(1), List.of(3), List.of(6), List.of(9), List.of(12)), 1)
        ).map(Case::test);
    }

    private static Case<Pair<String, Integer>, Pair<String, Integer>> reduceCase(
            String name, List<List<Pair<String, Integer>>> input, List<List<Pair<String, Integer>>> expected,
            int window, int slide) {
        return new Case<>(name, input,
                s -> new PairDStream<>(s).reduceByKeyAndWindow(Integer::sum, b(window), b(slide)).stream(),
                expected, slide);
    }

    private static Case<Pair<String, Integer>, Pair<String, Integer>> inverseCase(
            String name, List<List<Pair<String, Integer>>> input, List<List<Pair<String, Integer>>> expected,
            int window, int slide) {
        return new Case<>(name, input, s -> new PairDStream<>(s)
                .reduceByKeyAndWindow(Integer::sum, (x, y) -> x - y, b(window), b(slide)).stream(), expected, slide);
    }

    @Test
    void noFlushAtStop() {
        // window(5, 5) over 7 batches fires at batch 4 only: batches 5 and 6 never reach the output.
        List<Harness.Fired<Integer>> fired = Harness.run(
                IntStream.range(0, 7).mapToObj(List::of).toList(), s -> s.window(b(5), b(5)));
        assertEquals(List.of(4), firingBatches(fired));
    }
}
