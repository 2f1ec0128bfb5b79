package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every pipeline shape and every moment of a power cut, a resumed run gives the outputs of a run that never
 * stopped: the checkpoint (taken every batch, or every third) plus the log after it must hold every past batch
 * a window, a join or a state will still read, whether that stream runs in push mode or is computed lazily.
 *
 * <pre>
 *  first life:  batches 0 … cut, checkpoints every c batches, every block logged
 *  second life: newest checkpoint ≤ cut + log after it → batches up to cut replayed → live to the end
 *  compare:     every output line of a batch after the checkpoint, with the uninterrupted run's
 * </pre>
 */
class RecoveryAtEveryBatchTest {

    private static final Duration B = Duration.ofSeconds(1);
    private static final int BATCHES = 24;

    /** A pipeline shape: builds its streams and outputs on the readings ("bus:in:out" strings). */
    interface Shape extends BiConsumer<DStream<String>, Out> {
    }

    /** Collects output lines "k name sortedRecords". */
    static final class Out {
        final List<String> lines = new ArrayList<>();

        void collect(String name, DStream<?> stream) {
            stream.foreachBatch(batch -> lines.add((batch.time() - 1000) / 1000 + " " + name + " "
                    + Harness.sorted(batch.records())));
        }
    }

    static String bus(String r) {
        return r.split(":")[0];
    }

    static long in(String r) {
        return Long.parseLong(r.split(":")[1]);
    }

    static long out(String r) {
        return Long.parseLong(r.split(":")[2]);
    }

    /** Input of batch k: deterministic, with empty batches at the start, middle and end. */
    static List<String> input(int k) {
        if (k == 0 || k == 7 || k == 8 || k >= BATCHES - 2) {
            return List.of();
        }
        List<String> readings = new ArrayList<>();
        for (int i = 0; i <= (k * 7) % 5; i++) {
            readings.add("bus" + ((k + i) % 4) + ":" + ((k * 3 + i) % 5) + ":" + ((k + 2 * i) % 3));
        }
        return readings;
    }

    static Stream<Arguments> shapes() {
        Shape summaryChain = (readings, out) -> {
            // The gateway's upstream summary: state → load, per-batch doors, joined, transformed, one period.
            PairDStream<String, Long> occupancy = readings.mapToPair(r -> Pair.of(bus(r), in(r) - out(r)))
                    .reduceByKey(Long::sum)
                    .updateStateByKey((List<Long> changes, Optional<Long> previous) ->
                            Optional.of(Math.max(0, previous.orElse(0L) + changes.stream().mapToLong(x -> x).sum())));
            PairDStream<String, Long> load = occupancy.mapToPair(p -> Pair.of(p.key(), p.value() * 10));
            PairDStream<String, List<Long>> doors = readings.mapToPair(r -> Pair.of(bus(r), List.of(in(r), out(r))))
                    .reduceByKey((a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
            PairDStream<String, List<Long>> perBatch = load.leftOuterJoin(doors).stream().transformToPair(batch -> {
                List<Pair<String, List<Long>>> rows = new ArrayList<>();
                for (Pair<String, Pair<Long, Optional<List<Long>>>> p : batch) {
                    List<Long> d = p.value().value().orElse(List.of(0L, 0L));
                    rows.add(Pair.of(p.key(), List.of(batch.time(), p.value().key(), d.get(0), d.get(1))));
                }
                return rows;
            });
            out.collect("summary", perBatch.reduceByKeyAndWindow((a, b) -> List.of(Math.max(a.get(0), b.get(0)),
                    a.get(0) >= b.get(0) ? a.get(1) : b.get(1), a.get(2) + b.get(2), a.get(3) + b.get(3)),
                    B.multipliedBy(4), B.multipliedBy(4)).stream());
            out.collect("load", load.stream());
        };
        Shape windowsOfPushStreams = (readings, out) -> {
            PairDStream<String, Long> perBatch = readings.mapToPair(r -> Pair.of(bus(r), in(r))).reduceByKey(Long::sum);
            out.collect("window3x2", perBatch.window(B.multipliedBy(3), B.multipliedBy(2)).stream());
            out.collect("countByWindow", readings.countByWindow(B.multipliedBy(3), B.multipliedBy(2)));
            out.collect("countByValueAndWindow", readings.map(RecoveryAtEveryBatchTest::bus)
                    .countByValueAndWindow(B.multipliedBy(4), B.multipliedBy(2)).stream());
            out.collect("reduceByWindow", readings.map(RecoveryAtEveryBatchTest::in)
                    .reduceByWindow(Long::sum, B.multipliedBy(5), B.multipliedBy(5)));
        };
        Shape inverseWindows = (readings, out) -> {
            PairDStream<String, Long> ins = readings.mapToPair(r -> Pair.of(bus(r), in(r)));
            out.collect("inv", ins.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(4), B.multipliedBy(2)).stream());
            out.collect("invFiltered", ins.reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(3), B,
                    p -> p.value() != 0L).stream());
            out.collect("noInv", ins.reduceByKeyAndWindow(Long::sum, B.multipliedBy(6), B.multipliedBy(3)).stream());
        };
        Shape windowsOfLazyStreams = (readings, out) -> {
            // Lazily computed parents (transform, join, a window of a window) under a window sliding by several batches.
            DStream<String> transformed = readings.transform(batch -> batch.records().stream().map(r -> bus(r) + "@" + batch.time()).toList());
            out.collect("distinct5", transformed.window(B.multipliedBy(5), B.multipliedBy(5)).transform(batch ->
                    batch.records().stream().map(s -> s.split("@")[0]).distinct().toList()));
            DStream<Long> windowOfWindow = readings.map(RecoveryAtEveryBatchTest::in).window(B.multipliedBy(2), B.multipliedBy(2))
                    .window(B.multipliedBy(6), B.multipliedBy(4)).reduce(Long::sum);
            out.collect("windowOfWindow", windowOfWindow);
            PairDStream<String, Long> left = readings.mapToPair(r -> Pair.of(bus(r), in(r))).reduceByKey(Long::sum);
            PairDStream<String, Long> right = readings.mapToPair(r -> Pair.of(bus(r), out(r))).reduceByKey(Long::sum);
            out.collect("joinWindow", left.join(right).window(B.multipliedBy(3), B.multipliedBy(3)).stream());
        };
        Shape state = (readings, out) -> {
            PairDStream<String, Long> ones = readings.mapToPair(r -> Pair.of(bus(r), 1L));
            out.collect("update", ones.updateStateByKey((List<Long> v, Optional<Long> s) -> Optional.of(s.orElse(0L) + v.size())).stream());
            out.collect("mapWithState", ones.mapWithState(StateSpec.<String, Long, Long, String>function((key, value, st) -> {
                st.update(st.getOption().orElse(0L) + value.orElse(0L));
                return key + ":" + st.get();
            }).timeout(B.multipliedBy(3))));
            // Timeouts scanned at checkpoint batches only: Spark's default (k = 9, 19) and every third batch.
            StateSpec<String, Long, Long, String> timingOut = StateSpec.function(
                    (long time, String key, Optional<Long> value, State<Long> st) -> {
                        if (st.isTimingOut()) {
                            return Optional.of(key + " out at " + time + " with " + st.get());
                        }
                        st.update(st.getOption().orElse(0L) + value.orElse(0L));
                        return Optional.empty();
                    });
            PairDStream<String, Long> sparse = readings.mapToPair(r -> Pair.of(bus(r) + ":" + in(r), 1L));
            MapWithStateDStream<String, Long, Long, String> byDefault = sparse.mapWithState(timingOut.timeout(B.multipliedBy(2)));
            out.collect("timeoutsDefault", byDefault);
            out.collect("snapshotsDefault", byDefault.stateSnapshots().stream());
            out.collect("timeoutsEvery3", ones.mapWithState(timingOut.timeout(B)).checkpoint(B.multipliedBy(3)));
            out.collect("stateWindow", ones.updateStateByKey((List<Long> v, Optional<Long> s) -> Optional.of(s.orElse(0L) + v.size()))
                    .window(B.multipliedBy(4), B.multipliedBy(4)).stream());
        };
        Shape sparkApi = (readings, out) -> {
            // Cogroup-based joins over windows, groupByKeyAndWindow, state from an initial state, combineByKey.
            PairDStream<String, Long> ins = readings.mapToPair(r -> Pair.of(bus(r), in(r)));
            PairDStream<String, Long> outs = readings.mapToPair(r -> Pair.of(bus(r), out(r)));
            PairDStream<String, Long> inWindow = ins.reduceByKeyAndWindow(Long::sum, B.multipliedBy(4), B.multipliedBy(2));
            PairDStream<String, Long> outWindow = outs.window(B.multipliedBy(6), B.multipliedBy(2)).reduceByKey(Long::sum);
            out.collect("fullOuterJoinOfWindows", inWindow.fullOuterJoin(outWindow).stream());
            out.collect("rightOuterJoinOfWindows", inWindow.rightOuterJoin(outWindow.filter(p -> p.value() > 2)).stream());
            out.collect("cogroupWindowed", ins.cogroup(outs).window(B.multipliedBy(3), B.multipliedBy(3)).stream());
            out.collect("groupByKeyAndWindow", ins.groupByKeyAndWindow(B.multipliedBy(5), B.multipliedBy(5)).stream());
            out.collect("groupByKeyAndWindow1", outs.groupByKeyAndWindow(B.multipliedBy(3)).stream());
            out.collect("initialState", ins.updateStateByKey((List<Long> v, Optional<Long> st) -> Optional.of(st.orElse(0L)
                    + v.size()), Partitioner.hash(2), Map.of("bus0", 100L, "bus9", 7L)).stream());
            out.collect("combineByKeyWindow", ins.combineByKey(v -> List.of(v), (List<Long> c, Long v) -> List.of(c.get(0) + v),
                    (a, b) -> a).window(B.multipliedBy(4), B.multipliedBy(4)).stream());
        };
        return Stream.of(Arguments.of("summary chain", summaryChain), Arguments.of("spark api", sparkApi), Arguments.of("windows of push streams", windowsOfPushStreams),
                Arguments.of("inverse windows", inverseWindows), Arguments.of("windows of lazy streams", windowsOfLazyStreams),
                Arguments.of("state", state));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void resumedRunsEqualTheUninterruptedRunAtEveryCut(String name, Shape shape) {
        List<String> expected = firstLife(shape, BATCHES, 1, new HashMap<>(), new TreeMap<>());
        for (String timeouts : List.of("timeoutsDefault", "timeoutsEvery3")) {
            // Not vacuous: keys do time out, and only at the scan batches (k = 9 or 19; k = 2, 5, 8, …).
            List<String> fired = expected.stream().filter(l -> l.contains(" " + timeouts + " [") && l.contains(" out at ")).toList();
            assertEquals(name.equals("state"), !fired.isEmpty(), timeouts + ": " + fired);
            for (String line : fired) {
                int k = Integer.parseInt(line.split(" ")[0]);
                assertEquals(0, timeouts.equals("timeoutsDefault") ? (k + 1) % 10 : (k + 1) % 3, line);
            }
        }
        for (int every : new int[] {1, 3}) {
            for (int cut = 0; cut < BATCHES - 1; cut++) {
                Map<Long, EngineState> checkpoints = new HashMap<>();
                NavigableMap<Long, Map<String, List<Object>>> log = new TreeMap<>();
                firstLife(shape, cut + 1, every, checkpoints, log);
                long saved = checkpoints.keySet().stream().mapToLong(x -> x).max().orElseThrow();
                int savedK = (int) ((saved - 1000) / 1000);

                Out second = new Out();
                ManualClock clock = new ManualClock((cut + 1) * 1000L + 500);
                StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
                ReceiverInputDStream<String> in = context.receiverStream("in", 1024);
                shape.accept(in, second);
                context.recoverFrom(new Recovery(checkpoints.get(saved), log.tailMap(saved, false)));
                context.start();
                for (int k = cut + 1; k < BATCHES; k++) {
                    for (String r : input(k)) {
                    in.receiver().offer(r);
                }
                    clock.advance(k == cut + 1 ? Duration.ofMillis(500) : B);
                }
                context.stop(false);

                String where = name + ", checkpoint every " + every + ", power cut after batch " + cut
                        + " (checkpoint of batch " + savedK + ")";
                assertEquals(after(expected, savedK), second.lines, where);
            }
        }
    }

    /** Runs batches 0 … count−1 with a checkpoint every {@code every} batches and every block logged. */
    private static List<String> firstLife(Shape shape, int count, int every, Map<Long, EngineState> checkpoints,
                                          NavigableMap<Long, Map<String, List<Object>>> log) {
        Out out = new Out();
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        ReceiverInputDStream<String> in = context.receiverStream("in", 1024);
        shape.accept(in, out);
        int[] completed = {0};
        context.setBatchCommitter(state -> {
            if (completed[0]++ % every == 0) {
                checkpoints.put(state.batchTime(), state);
            }
        });
        context.setReceivedDataLog((receiver, time, records) ->
                log.computeIfAbsent(time, t -> new HashMap<>()).computeIfAbsent(receiver, r -> new ArrayList<>()).addAll(records));
        context.start();
        for (int k = 0; k < count; k++) {
            for (String r : input(k)) {
                    in.receiver().offer(r);
                }
            clock.advance(B);
        }
        context.stop(false);
        return out.lines;
    }

    private static List<String> after(List<String> lines, int batch) {
        return lines.stream().filter(line -> Integer.parseInt(line.split(" ")[0]) > batch).toList();
    }
}
