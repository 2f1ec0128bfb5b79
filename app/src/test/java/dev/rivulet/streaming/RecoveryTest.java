package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A context resumed from a snapshot and a log gives the outputs of a run that never stopped. */
class RecoveryTest {

    private static final Duration B = Duration.ofSeconds(1);
    private static final int BATCHES = 12;

    /** Input of batch k: a few bus ids, some repeated, none at k = 3 and k = 9. */
    private static List<String> input(int k) {
        if (k == 3 || k == 9) {
            return List.of();
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i <= k % 4; i++) {
            words.add("bus" + ((k + i) % 3));
        }
        return words;
    }

    /** The pipeline: state, an inverse window, a raw window and mapWithState, each with an output. */
    private static ReceiverInputDStream<String> pipeline(StreamingContext context, List<String> out) {
        ReceiverInputDStream<String> in = context.receiverStream("in", 1024);
        PairDStream<String, Integer> ones = in.mapToPair(w -> Pair.of(w, 1));
        collect(context, "state", ones.<Integer>updateStateByKey(
                (values, state) -> Optional.of(state.orElse(0) + values.size())).stream(), out);
        collect(context, "winInv", ones.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, B.multipliedBy(4), B.multipliedBy(2)).stream(), out);
        collect(context, "window", in.window(B.multipliedBy(3), B), out);
        collect(context, "mapWithState", ones.mapWithState(StateSpec.<String, Integer, Integer, String>function(
                (key, value, state) -> {
                    state.update(state.getOption().orElse(0) + value.orElse(0));
                    return key + ":" + state.get();
                })), out);
        return in;
    }

    /** A first life of {@link #pipeline}: {@code readings} in its first batch, then {@code batches} batches; its checkpoints. */
    private static List<EngineState> checkpointsOfAFirstLife(int batches, String... readings) {
        ManualClock clock = new ManualClock();
        StreamingContext first = new StreamingContext(B, clock);
        List<EngineState> saved = new ArrayList<>();
        ReceiverInputDStream<String> in = pipeline(first, new ArrayList<>());
        first.setBatchCommitter(saved::add);
        first.start();
        for (String reading : readings) {
            in.receiver().offer(reading);
        }
        clock.advance(B.multipliedBy(batches));
        first.stop(false);
        return saved;
    }

    private static void collect(StreamingContext context, String name, DStream<?> stream, List<String> out) {
        stream.foreachBatch(batch -> {
            long k = (batch.time() - 1000) / 1000;
            out.add(k + " " + name + " " + Harness.sorted(batch.records()));
        });
    }

    @Test
    void resumedRunEqualsUninterruptedRun() throws Exception {
        List<String> expected = new ArrayList<>();
        ManualClock clock = new ManualClock();
        StreamingContext uninterrupted = new StreamingContext(B, clock);
        ReceiverInputDStream<String> in = pipeline(uninterrupted, expected);
        uninterrupted.start();
        for (int k = 0; k < BATCHES; k++) {
            for (String w : input(k)) {
                in.receiver().push(w);
            }
            clock.advance(B);
        }

        // First life: checkpoints stop after batch 6 (the power fails), the log still holds batches 7 and 8.
        List<String> actual = new ArrayList<>();
        ManualClock firstClock = new ManualClock();
        StreamingContext first = new StreamingContext(B, firstClock);
        ReceiverInputDStream<String> firstIn = pipeline(first, new ArrayList<>());
        List<String> firstOut = new ArrayList<>();
        Map<Long, EngineState> checkpoints = new HashMap<>();
        NavigableMap<Long, Map<String, List<Object>>> log = new TreeMap<>();
        first.setBatchCommitter(state -> checkpoints.put(state.batchTime(), state));
        first.setReceivedDataLog((receiver, time, records) ->
                log.computeIfAbsent(time, t -> new HashMap<>()).computeIfAbsent(receiver, r -> new ArrayList<>()).addAll(records));
        first.start();
        for (int k = 0; k <= 8; k++) {
            for (String w : input(k)) {
                firstIn.receiver().push(w);
            }
            firstClock.advance(B);
        }
        first.stop(false);
        assertEquals(9, checkpoints.size());

        // The outputs of batches 0..6 were delivered before the failure.
        for (String line : expected) {
            if (Integer.parseInt(line.split(" ")[0]) <= 6) {
                actual.add(line);
            }
        }

        // Second life: a new process, a new clock whose wall time is in batch 8's interval.
        ManualClock secondClock = new ManualClock(9_500);
        StreamingContext second = new StreamingContext(B, secondClock);
        ReceiverInputDStream<String> secondIn = pipeline(second, actual);
        second.recoverFrom(new Recovery(checkpoints.get(7_000L), log.tailMap(7_000L, false)));
        second.start();
        assertEquals(1_000L, second.firstBatchTime(), "batch times continue the first life's");
        // Batches 7 and 8 were replayed from the log during start; batch 9 is due in 500 ms.
        for (int k = 9; k < BATCHES; k++) {
            for (String w : input(k)) {
                secondIn.receiver().push(w);
            }
            secondClock.advance(k == 9 ? Duration.ofMillis(500) : B);
        }
        assertEquals(expected, actual);
    }

    @Test
    void batchesMissedWhileStoppedRunEmpty() {
        List<EngineState> saved = checkpointsOfAFirstLife(2, "bus1");

        // Down for 3.5 s: batches 3000, 4000 and 5000 ms were missed; they run (empty) before going live.
        List<String> out = new ArrayList<>();
        StreamingContext second = new StreamingContext(B, new ManualClock(5_500));
        pipeline(second, out);
        second.recoverFrom(new Recovery(saved.get(1), new TreeMap<>()));
        second.start();
        assertTrue(out.contains("4 state [(bus1,1)]"), out.toString());
        assertEquals(List.of("2", "3", "4"), out.stream().map(line -> line.split(" ")[0]).distinct().toList());
    }

    @Test
    void aCheckpointOfAnotherPipelineIsRefusedBeforeAnythingIsRestored() {
        List<EngineState> saved = checkpointsOfAFirstLife(1);

        StreamingContext other = new StreamingContext(B, new ManualClock());
        other.<String>receiverStream("in", 16).count().foreachBatch(batch -> { });
        PipelineChangedException e = assertThrows(PipelineChangedException.class,
                () -> other.recoverFrom(new Recovery(saved.get(0), new TreeMap<>())));
        assertTrue(e.getMessage().contains("the pipeline changed since the checkpoint of batch 1000 ms was taken"), e.getMessage());
        assertEquals(1, e.fitting().state().streams().size(), "only the receiver's remembered batches fit a count of it");
        assertEquals(StreamingContext.State.INITIALIZED, other.state());

        StreamingContext faster = new StreamingContext(Duration.ofMillis(500), new ManualClock());
        pipeline(faster, new ArrayList<>());
        e = assertThrows(PipelineChangedException.class, () -> faster.recoverFrom(new Recovery(saved.get(0), new TreeMap<>())));
        assertTrue(e.getMessage().startsWith("the checkpoint was taken with a batch interval of 1s but the pipeline now has"
                + " 500ms: no saved state fits the new batch grid"), e.getMessage());
    }

    @Test
    void aPipelineAddedBesideKeepsTheStateOfTheOthers() {
        List<EngineState> saved = checkpointsOfAFirstLife(2, "bus1", "bus1");

        // The new configuration adds a pipeline before the old one: the old streams keep their ids and state.
        List<String> out = new ArrayList<>();
        ManualClock second = new ManualClock(2_500);
        StreamingContext changed = new StreamingContext(B, second);
        ReceiverInputDStream<String> other = changed.receiverStream("other", 16);
        other.countByWindow(B.multipliedBy(2), B).foreachBatch(batch -> { });
        pipeline(changed, out);
        PipelineChangedException e = assertThrows(PipelineChangedException.class,
                () -> changed.recoverFrom(new Recovery(saved.get(1), new TreeMap<>())));
        assertEquals(saved.get(1).streams().size(), e.fitting().state().streams().size(), e.getMessage());
        changed.recoverFrom(e.fitting());
        changed.start();
        second.advance(Duration.ofMillis(500));
        assertTrue(out.contains("2 state [(bus1,2)]"), out.toString());
    }

    @Test
    void aCheckpointOfAnEarlierVersionIsReadUnderTodaysNames() {
        List<EngineState> saved = checkpointsOfAFirstLife(1, "bus2");

        // Version 1 named streams "place:operator" and wrote no fingerprint.
        StreamingContext probe = new StreamingContext(B, new ManualClock());
        pipeline(probe, new ArrayList<>());
        List<DStream<?>> built = probe.graph().streamsBuilt();
        Map<String, DStream<?>> today = StreamIds.of(probe.graph().neededByOutputs(), probe.graph().streamsBuilt(), 1000).byId();
        Map<String, NavigableMap<Long, List<?>>> earlier = new HashMap<>();
        saved.get(0).streams().forEach((id, batches) -> {
            DStream<?> stream = today.get(id);
            earlier.put(built.indexOf(stream) + ":" + stream.operator(), batches);
        });
        assertTrue(earlier.size() >= 3, earlier.keySet().toString());
        EngineState v1 = new EngineState(saved.get(0).zeroTime(), 1000, saved.get(0).batchTime(), earlier);

        List<String> out = new ArrayList<>();
        ManualClock secondClock = new ManualClock(1_500);
        StreamingContext second = new StreamingContext(B, secondClock);
        pipeline(second, out);
        second.recoverFrom(new Recovery(v1, new TreeMap<>()));
        second.start();
        secondClock.advance(Duration.ofMillis(500));
        assertTrue(out.contains("1 state [(bus2,1)]"), out.toString());
    }
}
