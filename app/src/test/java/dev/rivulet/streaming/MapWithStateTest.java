package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * mapWithState as Spark 3.5 runs it: timeouts only at checkpoint batches, the two function forms (null is a
 * record; an empty Optional is none), the timing-out call, initial state.
 */
class MapWithStateTest {

    /** Batches of (key, 1) pairs: {@code keysAt[k]} lists the keys with data at batch k. */
    private static List<List<Pair<String, Integer>>> input(int batches, Map<Integer, List<String>> keysAt) {
        List<List<Pair<String, Integer>>> input = new ArrayList<>();
        for (int k = 0; k < batches; k++) {
            List<Pair<String, Integer>> batch = new ArrayList<>();
            for (String key : keysAt.getOrDefault(k, List.of())) {
                batch.add(p(key, 1));
            }
            input.add(batch);
        }
        return input;
    }

    /** Counts records per key; emits "key timed out at count" on the last call, nothing otherwise. */
    private static StateSpec<String, Integer, Integer, String> counting(Duration timeout) {
        return StateSpec.<String, Integer, Integer, String>function((long time, String key, Optional<Integer> value,
                                                                     State<Integer> state) -> {
            if (state.isTimingOut()) {
                return Optional.of(key + " timed out at " + state.get());
            }
            state.update(state.getOption().orElse(0) + value.orElse(0));
            return Optional.empty();
        }).timeout(timeout);
    }

    /** The batches (0-based) at which something was emitted, with what. */
    private static List<String> emissions(List<Harness.Fired<String>> fired) {
        List<String> out = new ArrayList<>();
        for (Harness.Fired<String> f : fired) {
            for (String record : Harness.sorted(f.records())) {
                out.add(f.batch() + ": " + record);
            }
        }
        return out;
    }

    @Test
    void idleKeysTimeOutOnlyAtTheDefaultCheckpointBatchesEveryTenIntervals() {
        // Timeout 3 B; scans at k = 9, 19, 29 (batch time a multiple of 10 B from the zero time).
        //  a: data at 0            → idle since 0, scanned at 9: gone at 9
        //  b: data at 7            → at 9 idle only 2 B: kept; gone at 19
        //  c: data at 7 and 15     → kept at 9; idle 4 B at 19: gone at 19
        //  d: data at 16           → at 19 idle exactly 3 B, not more: kept; gone at 29
        //  e: data at 9 and 17     → never idle 3 B at a scan until 29
        var input = input(30, Map.of(0, List.of("a"), 7, List.of("b", "c"), 9, List.of("e"), 15, List.of("c"),
                16, List.of("d"), 17, List.of("e")));
        assertEquals(List.of("9: a timed out at 1", "19: b timed out at 1", "19: c timed out at 2",
                        "29: d timed out at 1", "29: e timed out at 2"),
                emissions(Harness.run(input, s -> new PairDStream<>(s).mapWithState(counting(B.multipliedBy(3))))));
    }

    @Test
    void dataBeforeTheScanKeepsAKeyHoweverLongItWasIdle() {
        // The issue's example: idle from 28 to 37 with a 3-batch timeout, data again at 38. Spark never times it
        // out (the scans at 29 and 39 see it idle for less than 3 B) and its state goes on from 51.
        var keys = new java.util.HashMap<Integer, List<String>>();
        for (int k = 0; k < 28; k++) {
            keys.put(k, k == 27 ? Collections.nCopies(23, "a") : List.of("a"));
        }
        keys.put(38, List.of("a"));
        StateSpec<String, Integer, Integer, Integer> spec = StateSpec.<String, Integer, Integer, Integer>function(
                (key, value, state) -> {
                    if (state.isTimingOut()) {
                        return -1;
                    }
                    state.update(state.getOption().orElse(0) + value.orElse(0));
                    return state.get();
                }).timeout(B.multipliedBy(3));
        List<Harness.Fired<Integer>> fired = Harness.run(input(40, keys), s -> new PairDStream<>(s).mapWithState(spec));
        assertEquals(List.of(51), fired.get(38).records());
        assertTrue(fired.stream().noneMatch(f -> f.records().contains(-1)), "never timed out: " + fired);
    }

    @Test
    void checkpointAtTheBatchIntervalScansEveryBatch() {
        var input = input(6, Map.of(0, List.of("a", "b"), 1, List.of("b"), 2, List.of("b"), 3, List.of("b")));
        // "a" last saw data at 0; at 3 it has been idle for more than 2 B.
        assertEquals(List.of("3: a timed out at 1"),
                emissions(Harness.run(input, s -> new PairDStream<>(s).mapWithState(counting(B.multipliedBy(2)))
                        .checkpoint(B))));
    }

    @Test
    void checkpointIntervalSetsTheScanBatches() {
        // Interval 3 B: scans at k = 2, 5, 8, 11. "a" (data at 0, timeout 1 B) is idle enough at 2: gone at 2.
        // "b" (data at 3) is idle 2 B at 5 but not more than... (3 < 5 − 1): gone at 5. "c" (data at 5): gone at 8.
        var input = input(12, Map.of(0, List.of("a"), 3, List.of("b"), 5, List.of("c")));
        assertEquals(List.of("2: a timed out at 1", "5: b timed out at 1", "8: c timed out at 1"),
                emissions(Harness.run(input, s -> new PairDStream<>(s).mapWithState(counting(B))
                        .checkpoint(B.multipliedBy(3)))));
    }

    @Test
    void stateSnapshotsListTimedOutKeysUntilTheirRemovalBatch() {
        var input = input(11, Map.of(0, List.of("a")));
        List<Harness.Fired<Pair<String, Integer>>> fired = Harness.run(input,
                s -> new PairDStream<>(s).mapWithState(counting(B)).stateSnapshots().stream());
        for (int k = 0; k < 9; k++) {
            assertEquals(List.of(p("a", 1)), fired.get(k).records(), "batch " + k);
        }
        assertEquals(List.of(), fired.get(9).records());
        assertEquals(List.of(), fired.get(10).records());
    }

    @Test
    void checkpointIntervalMustBeAMultipleOfTheSlide() {
        StreamingContext context = new StreamingContext(B, new ManualClock());
        var states = context.<Pair<String, Integer>>queueStream(new java.util.ArrayDeque<>())
                .mapToPair(Function.identity()).mapWithState(counting(B));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> states.checkpoint(Duration.ofMillis(1500)));
        assertTrue(e.getMessage().contains("multiple of its slide 1s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> states.checkpoint(Duration.ZERO));
    }

    @Test
    void threeArgumentFunctionEmitsNullAsARecord() {
        StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> null);
        List<Harness.Fired<String>> fired = Harness.run(List.of(List.of(p("a", 1), p("b", 2)), List.of()),
                s -> new PairDStream<>(s).mapWithState(spec));
        assertEquals(Arrays.asList(null, null), fired.get(0).records());
        assertEquals(List.of(), fired.get(1).records());
    }

    @Test
    void optionalFunctionEmitsOnlyWhatIsPresentAndSeesTheBatchTime() {
        StateSpec<String, Integer, Integer, String> spec = StateSpec.function(
                (long time, String key, Optional<Integer> value, State<Integer> state) ->
                        value.get() > 1 ? Optional.of(key + "@" + time) : Optional.empty());
        List<Harness.Fired<String>> fired = Harness.run(List.of(List.of(p("a", 1), p("b", 2)), List.of(p("c", 5))),
                s -> new PairDStream<>(s).mapWithState(spec));
        long first = 1000 + fired.get(0).batch() * 1000L;
        assertEquals(List.of(List.of("b@" + first), List.of("c@" + (first + 1000))),
                fired.stream().map(Harness.Fired::records).toList());
    }

    @Test
    void aTimingOutKeyCanNeitherBeUpdatedNorRemovedAndItsReturnIsEmitted() {
        StateSpec<String, Integer, Integer, String> spec = StateSpec.<String, Integer, Integer, String>function(
                (key, value, state) -> {
                    if (!state.isTimingOut()) {
                        state.update(7);
                        return "data";
                    }
                    String update = thrown(() -> state.update(1));
                    String remove = thrown(state::remove);
                    return "last call: value " + value.isPresent() + ", state " + state.get() + ", " + update
                            + ", " + remove;
                }).timeout(B);
        List<Harness.Fired<String>> fired = Harness.run(input(3, Map.of(0, List.of("a"))),
                s -> new PairDStream<>(s).mapWithState(spec).checkpoint(B));
        assertEquals(List.of("data"), fired.get(0).records());
        assertEquals(List.of(), fired.get(1).records());
        assertEquals(List.of("last call: value false, state 7, IllegalArgumentException, IllegalArgumentException"),
                fired.get(2).records());
    }

    @Test
    void removeThenUpdateInOneCallIsRefusedAsInSpark() {
        StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> {
            state.update(1);
            state.remove();
            return state.exists() + " " + thrown(() -> state.update(2)) + " " + thrown(state::remove);
        });
        assertOutputs(List.of(List.of("false IllegalArgumentException IllegalArgumentException"), List.of()),
                Harness.run(List.of(List.of(p("a", 1)), List.of()), s -> new PairDStream<>(s).mapWithState(spec)));
    }

    @Test
    void initialStateKeysAreStampedAtTheFirstBatchAndTimeOutLikeOthers() {
        StateSpec<String, Integer, Integer, String> spec = counting(B.multipliedBy(2)).initialState(Map.of("z", 40));
        assertEquals(List.of("9: z timed out at 40"),
                emissions(Harness.run(input(10, Map.of()), s -> new PairDStream<>(s).mapWithState(spec))));
    }

    private static String thrown(Runnable action) {
        try {
            action.run();
            return "nothing thrown";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }
}
