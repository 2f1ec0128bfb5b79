package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Per-record and per-batch operators, table-driven after Spark's {@code BasicOperationsSuite}. */
class BasicOperationsTest {

    private record Case<I, O>(String name, List<List<I>> input, Function<DStream<I>, DStream<O>> operation,
                              List<List<O>> expected) {
        DynamicTest test() {
            return dynamicTest(name, () -> assertOutputs(expected, Harness.run(input, operation)));
        }
    }

    private static final List<List<Integer>> NUMBERS = List.of(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9, 10, 11, 12));
    private static final List<List<String>> WORDS = List.of(List.of("a", "a", "b"), List.of(), List.of("c", "a"));

    @TestFactory
    Stream<DynamicTest> perRecord() {
        return Stream.of(
                new Case<Integer, String>("map", NUMBERS, s -> s.map(Object::toString),
                        List.of(List.of("1", "2", "3", "4"), List.of("5", "6", "7", "8"), List.of("9", "10", "11", "12"))),
                new Case<Integer, Integer>("flatMap", NUMBERS, s -> s.flatMap(x -> List.of(x, x * 2)),
                        List.of(List.of(1, 2, 2, 4, 3, 6, 4, 8), List.of(5, 10, 6, 12, 7, 14, 8, 16),
                                List.of(9, 18, 10, 20, 11, 22, 12, 24))),
                new Case<Integer, Integer>("filter", NUMBERS, s -> s.filter(x -> x % 2 == 0),
                        List.of(List.of(2, 4), List.of(6, 8), List.of(10, 12))),
                new Case<Integer, Integer>("union", NUMBERS, s -> s.union(s.map(x -> -x)),
                        List.of(List.of(1, 2, 3, 4, -1, -2, -3, -4), List.of(5, 6, 7, 8, -5, -6, -7, -8),
                                List.of(9, 10, 11, 12, -9, -10, -11, -12))),
                new Case<Integer, Integer>("union with itself counts twice", List.of(List.of(1)), s -> s.union(s),
                        List.of(List.of(1, 1))),
                new Case<Integer, Integer>("transform", NUMBERS,
                        s -> s.transform(batch -> batch.records().subList(0, 1)),
                        List.of(List.of(1), List.of(5), List.of(9))),
                new Case<Pair<String, Integer>, Pair<String, Integer>>("mapValues", List.of(List.of(p("a", 1), p("b", 2))),
                        s -> new PairDStream<>(s).mapValues(v -> v * 10).stream(), List.of(List.of(p("a", 10), p("b", 20))))
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> perBatch() {
        return Stream.of(
                new Case<String, Long>("count emits 0 for an empty batch", WORDS, DStream::count,
                        List.of(List.of(3L), List.of(0L), List.of(2L))),
                new Case<String, Pair<String, Long>>("countByValue", WORDS, s -> s.countByValue().stream(),
                        List.of(List.of(Pair.of("a", 2L), Pair.of("b", 1L)), List.of(),
                                List.of(Pair.of("c", 1L), Pair.of("a", 1L)))),
                new Case<String, String>("reduce gives nothing for an empty batch", WORDS, s -> s.reduce(String::concat),
                        List.of(List.of("aab"), List.of(), List.of("ca"))),
                new Case<String, Pair<String, Integer>>("reduceByKey emits only keys present", WORDS,
                        s -> s.mapToPair(w -> p(w, 1)).reduceByKey(Integer::sum).stream(),
                        List.of(List.of(p("a", 2), p("b", 1)), List.of(), List.of(p("c", 1), p("a", 1)))),
                new Case<String, Pair<String, List<Integer>>>("groupByKey", WORDS,
                        s -> s.mapToPair(w -> p(w, w.length())).groupByKey().stream(),
                        List.of(List.of(Pair.of("a", List.of(1, 1)), Pair.of("b", List.of(1))), List.of(),
                                List.of(Pair.of("c", List.of(1)), Pair.of("a", List.of(1))))),
                new Case<String, Pair<String, Integer>>("reduceByKey after a window is computed on the window", WORDS,
                        s -> s.window(Harness.B.multipliedBy(2)).mapToPair(w -> p(w, 1)).reduceByKey(Integer::sum).stream(),
                        List.of(List.of(p("a", 2), p("b", 1)), List.of(p("a", 2), p("b", 1)), List.of(p("c", 1), p("a", 1))))
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> joins() {
        List<List<Pair<String, Integer>>> input = List.of(List.of(p("a", 1), p("b", 2), p("b", 3)), List.of(p("c", 4)));
        Function<DStream<Pair<String, Integer>>, PairDStream<String, String>> right =
                s -> new PairDStream<>(s).filter(pair -> !pair.key().equals("c")).mapValues(v -> "x" + v)
                        .filter(pair -> pair.value().length() > 1);
        return Stream.of(
                new Case<Pair<String, Integer>, Pair<String, Pair<Integer, String>>>("join", input,
                        s -> new PairDStream<>(s).join(right.apply(s)).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(1, "x1")), Pair.of("b", Pair.of(2, "x2")),
                                Pair.of("b", Pair.of(2, "x3")), Pair.of("b", Pair.of(3, "x2")),
                                Pair.of("b", Pair.of(3, "x3"))), List.of())),
                new Case<Pair<String, Integer>, Pair<String, Pair<Integer, Optional<String>>>>("leftOuterJoin", input,
                        s -> new PairDStream<>(s).filter(pair -> pair.value() != 3).leftOuterJoin(
                                new PairDStream<>(s).filter(pair -> pair.key().equals("a")).mapValues(v -> "y")).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(1, Optional.of("y"))),
                                        Pair.of("b", Pair.of(2, Optional.empty()))),
                                List.of(Pair.of("c", Pair.of(4, Optional.empty())))))
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> print() {
        return Stream.of(dynamicTest("print writes Spark's header and the first records", () -> {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            dev.rivulet.streaming.clock.ManualClock clock = new dev.rivulet.streaming.clock.ManualClock();
            StreamingContext context = StreamingContext.builder().batchInterval(Harness.B).clock(clock)
                    .console(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8)).build();
            java.util.Queue<List<Integer>> queue = new java.util.ArrayDeque<>(List.of(List.of(1, 2, 3)));
            context.<Integer>queueStream(queue).print(2);
            context.start();
            clock.advance(Harness.B);
            List<String> lines = new ArrayList<>(Arrays.asList(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n")));
            assertEquals(List.of("-------------------------------------------", "Time: 1000 ms",
                    "-------------------------------------------", "1", "2", "..."), lines.subList(0, 6));
        }));
    }
}
