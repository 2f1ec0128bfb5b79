package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The rest of Spark's per-batch API (flatMapToPair, flatMapValues, mapPartitions, glom, repartition, combineByKey,
 * cogroup and the outer joins, transformWith, the context's transform and union, the partition-count variants),
 * table-driven after Spark's {@code BasicOperationsSuite}.
 */
class SparkApiOperationsTest {

    private record Case<I, O>(String name, List<List<I>> input, Function<DStream<I>, DStream<O>> operation,
                              List<List<O>> expected) {
        DynamicTest test() {
            return dynamicTest(name, () -> assertOutputs(expected, Harness.run(input, operation)));
        }
    }

    private static final List<List<String>> WORDS = List.of(List.of("a", "a", "b"), List.of(), List.of("c", "a"));
    private static final List<List<Pair<String, Integer>>> PAIRS = List.of(
            List.of(p("a", 1), p("b", 2), p("a", 3)), List.of(), List.of(p("c", 4)));

    private static PairDStream<String, Integer> pairs(DStream<Pair<String, Integer>> s) {
        return new PairDStream<>(s);
    }

    @TestFactory
    Stream<DynamicTest> perRecordAndPerBatch() {
        return Stream.of(
                new Case<String, Pair<String, Integer>>("flatMapToPair", WORDS,
                        s -> s.flatMapToPair(w -> List.of(p(w, 1), p(w + w, 2))).stream(),
                        List.of(List.of(p("a", 1), p("aa", 2), p("a", 1), p("aa", 2), p("b", 1), p("bb", 2)), List.of(),
                                List.of(p("c", 1), p("cc", 2), p("a", 1), p("aa", 2)))),
                new Case<Pair<String, Integer>, Pair<String, Integer>>("flatMapValues", PAIRS,
                        s -> pairs(s).flatMapValues(v -> v > 1 ? List.of(v, -v) : List.of()).stream(),
                        List.of(List.of(p("b", 2), p("b", -2), p("a", 3), p("a", -3)), List.of(),
                                List.of(p("c", 4), p("c", -4)))),
                new Case<String, Integer>("mapPartitions runs once per batch, an empty one included", WORDS,
                        s -> s.mapPartitions(records -> {
                            int n = 0;
                            while (records.hasNext()) {
                                records.next();
                                n++;
                            }
                            return List.of(n).iterator();
                        }),
                        List.of(List.of(3), List.of(0), List.of(2))),
                new Case<String, Pair<String, Integer>>("mapPartitionsToPair", WORDS,
                        s -> s.mapPartitionsToPair((Iterator<String> records) -> {
                            List<Pair<String, Integer>> out = new ArrayList<>();
                            records.forEachRemaining(w -> out.add(p(w, out.size())));
                            return out.iterator();
                        }).stream(),
                        List.of(List.of(p("a", 0), p("a", 1), p("b", 2)), List.of(), List.of(p("c", 0), p("a", 1)))),
                new Case<String, List<String>>("glom gives one list per batch (one partition)", WORDS, DStream::glom,
                        List.of(List.of(List.of("a", "a", "b")), List.of(List.of()), List.of(List.of("c", "a")))),
                new Case<String, String>("repartition keeps every record", WORDS, s -> s.repartition(4), WORDS),
                new Case<Pair<String, Integer>, Pair<String, String>>("combineByKey", PAIRS,
                        s -> pairs(s).combineByKey(v -> "<" + v, (c, v) -> c + "," + v, (a, b) -> a + b,
                                Partitioner.hash(3)).stream(),
                        List.of(List.of(Pair.of("a", "<1,3"), Pair.of("b", "<2")), List.of(), List.of(Pair.of("c", "<4")))),
                new Case<String, Pair<String, Long>>("countByValue with a partition count", WORDS,
                        s -> s.countByValue(4).stream(),
                        List.of(List.of(Pair.of("a", 2L), Pair.of("b", 1L)), List.of(), List.of(Pair.of("c", 1L), Pair.of("a", 1L)))),
                new Case<Pair<String, Integer>, Pair<String, Integer>>("reduceByKey with a partition count", PAIRS,
                        s -> pairs(s).reduceByKey(Integer::sum, 8).stream(),
                        List.of(List.of(p("a", 4), p("b", 2)), List.of(), List.of(p("c", 4)))),
                new Case<Pair<String, Integer>, Pair<String, List<Integer>>>("groupByKey with a partitioner", PAIRS,
                        s -> pairs(s).groupByKey(Partitioner.hash(2)).stream(),
                        List.of(List.of(Pair.of("a", List.of(1, 3)), Pair.of("b", List.of(2))), List.of(),
                                List.of(Pair.of("c", List.of(4)))))
        ).map(Case::test);
    }

    /** Left: PAIRS. Right: the same keys but "b" dropped and "d" added, values as text. */
    private static PairDStream<String, String> right(DStream<Pair<String, Integer>> s) {
        return pairs(s).filter(pair -> !pair.key().equals("b")).mapValues(v -> "x" + v)
                .union(pairs(s).filter(pair -> pair.key().equals("c")).mapToPair(pair -> Pair.of("d", "y")));
    }

    @TestFactory
    Stream<DynamicTest> cogroupAndJoins() {
        return Stream.of(
                new Case<Pair<String, Integer>, Pair<String, Pair<List<Integer>, List<String>>>>("cogroup", PAIRS,
                        s -> pairs(s).cogroup(right(s)).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(List.of(1, 3), List.of("x1", "x3"))),
                                        Pair.of("b", Pair.of(List.of(2), List.of()))),
                                List.of(),
                                List.of(Pair.of("c", Pair.of(List.of(4), List.of("x4"))),
                                        Pair.of("d", Pair.of(List.of(), List.of("y")))))),
                new Case<Pair<String, Integer>, Pair<String, Pair<Optional<Integer>, String>>>("rightOuterJoin", PAIRS,
                        s -> pairs(s).rightOuterJoin(right(s), 2).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(Optional.of(1), "x1")), Pair.of("a", Pair.of(Optional.of(1), "x3")),
                                        Pair.of("a", Pair.of(Optional.of(3), "x1")), Pair.of("a", Pair.of(Optional.of(3), "x3"))),
                                List.of(),
                                List.of(Pair.of("c", Pair.of(Optional.of(4), "x4")), Pair.of("d", Pair.of(Optional.empty(), "y"))))),
                new Case<Pair<String, Integer>, Pair<String, Pair<Optional<Integer>, Optional<String>>>>("fullOuterJoin",
                        PAIRS, s -> pairs(s).fullOuterJoin(right(s), Partitioner.hash(2)).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(Optional.of(1), Optional.of("x1"))),
                                        Pair.of("a", Pair.of(Optional.of(1), Optional.of("x3"))),
                                        Pair.of("a", Pair.of(Optional.of(3), Optional.of("x1"))),
                                        Pair.of("a", Pair.of(Optional.of(3), Optional.of("x3"))),
                                        Pair.of("b", Pair.of(Optional.of(2), Optional.empty()))),
                                List.of(),
                                List.of(Pair.of("c", Pair.of(Optional.of(4), Optional.of("x4"))),
                                        Pair.of("d", Pair.of(Optional.empty(), Optional.of("y")))))),
                new Case<Pair<String, Integer>, Pair<String, Pair<Integer, String>>>("join with a partition count", PAIRS,
                        s -> pairs(s).join(right(s), 3).stream(),
                        List.of(List.of(Pair.of("a", Pair.of(1, "x1")), Pair.of("a", Pair.of(1, "x3")),
                                        Pair.of("a", Pair.of(3, "x1")), Pair.of("a", Pair.of(3, "x3"))),
                                List.of(), List.of(Pair.of("c", Pair.of(4, "x4")))))
        ).map(Case::test);
    }

    @TestFactory
    Stream<DynamicTest> severalStreams() {
        return Stream.of(
                new Case<String, String>("transformWith sees both batches of the same time", WORDS,
                        s -> s.transformWith(s.count(), (words, counts) -> List.of(words.time() == counts.time()
                                ? words.size() + "/" + counts.records() : "times differ")),
                        List.of(List.of("3/[3]"), List.of("0/[0]"), List.of("2/[2]"))),
                new Case<String, Pair<String, Long>>("transformWithToPair", WORDS,
                        s -> s.transformWithToPair(s.count(), (words, counts) -> List.of(Pair.of("n", counts.records().get(0))))
                                .stream(),
                        List.of(List.of(Pair.of("n", 3L)), List.of(Pair.of("n", 0L)), List.of(Pair.of("n", 2L)))),
                new Case<String, String>("the context's transform over three streams", WORDS,
                        s -> s.context().transform(List.of(s, s.count(), s.map(String::length)),
                                batches -> List.of(batches.size() + ":" + batches.get(0).size() + ":"
                                        + batches.get(1).records() + ":" + batches.get(2).records())),
                        List.of(List.of("3:3:[3]:[1, 1, 1]"), List.of("3:0:[0]:[]"), List.of("3:2:[2]:[1, 1]"))),
                new Case<String, String>("the context's union of several streams", WORDS,
                        s -> s.context().union(s, s.map(String::toUpperCase), s.filter("a"::equals)),
                        List.of(List.of("a", "a", "b", "A", "A", "B", "a", "a"), List.of(), List.of("c", "a", "C", "A", "a"))),
                new Case<Pair<String, Integer>, Pair<String, Integer>>("the context's union of pair streams", PAIRS,
                        s -> s.context().union(pairs(s), pairs(s).mapValues(v -> -v)).stream(),
                        List.of(List.of(p("a", 1), p("b", 2), p("a", 3), p("a", -1), p("b", -2), p("a", -3)), List.of(),
                                List.of(p("c", 4), p("c", -4))))
        ).map(Case::test);
    }
}
