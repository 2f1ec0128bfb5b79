package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Streams built in a scope ({@link StreamingContext#scoped}) get back the state saved under their scope's name:
 * two running totals on one input, computed alike but for their function, keep their own totals when built in the
 * other order or when one is left out. A checkpoint of the version before scopes is read under the scoped names.
 */
class ScopedRecoveryTest {

    private static final Duration B = Duration.ofSeconds(1);
    private static final Map<String, Integer> FACTORS = Map.of("ones", 1, "tens", 10, "hundreds", 100);

    /**
     * One running total of the input per name, each times its factor, in its own scope when {@code scoped}, built in
     * the order given; {@code count} adds a running count of readings (streams of other shapes) in its scope.
     */
    private static ReceiverInputDStream<Integer> totals(StreamingContext context, boolean scoped, List<String> out,
                                                        String... names) {
        ReceiverInputDStream<Integer> in = context.receiverStream("in", 64);
        for (String name : names) {
            Runnable build = () -> {
                DStream<?> total = name.equals("count")
                        ? in.filter(n -> n > 0).mapToPair(n -> Pair.of("k", 1)).reduceByKey(Integer::sum).updateStateByKey(ScopedRecoveryTest::add).stream()
                        : in.mapToPair(n -> Pair.of("k", FACTORS.get(name) * n)).updateStateByKey(ScopedRecoveryTest::add).stream();
                total.foreachBatch(batch -> batch.forEach(pair -> out.add(name + "=" + ((Pair<?, ?>) pair).value())));
            };
            if (scoped) {
                context.scoped(name, build);
            } else {
                build.run();
            }
        }
        return in;
    }

    private static Optional<Integer> add(List<Integer> values, Optional<Integer> state) {
        int total = state.orElse(0);
        for (int v : values) {
            total += v;
        }
        return Optional.of(total);
    }

    /** A first life: 1 and 2 in the first batch; its checkpoint. */
    private static EngineState firstLife(boolean scoped, String... names) {
        ManualClock clock = new ManualClock();
        StreamingContext first = new StreamingContext(B, clock);
        List<EngineState> saved = new ArrayList<>();
        ReceiverInputDStream<Integer> in = totals(first, scoped, new ArrayList<>(), names);
        first.setBatchCommitter(saved::add);
        first.start();
        in.receiver().offer(1);
        in.receiver().offer(2);
        clock.advance(B);
        first.stop(false);
        return saved.get(0);
    }

    /** A second life resumed from {@code recovery}, with 1 in its first batch: what its outputs said. */
    private static List<String> secondLife(Recovery recovery, boolean scoped, String... names) {
        ManualClock clock = new ManualClock(1_500);
        StreamingContext second = new StreamingContext(B, clock);
        List<String> out = new ArrayList<>();
        ReceiverInputDStream<Integer> in = totals(second, scoped, out, names);
        second.recoverFrom(recovery);
        second.start();
        in.receiver().offer(1);
        clock.advance(Duration.ofMillis(500));
        second.stop(false);
        return out;
    }

    private static Recovery recovery(EngineState state) {
        return new Recovery(state, new TreeMap<>());
    }

    @Test
    void scopedTwinsKeepTheirOwnStateInAnotherOrder() {
        EngineState saved = firstLife(true, "ones", "tens");
        assertTrue(saved.streams().keySet().stream().anyMatch(id -> id.startsWith("tens/updateStateByKey:")),
                "ids name their scope: " + saved.streams().keySet());
        // Same streams, same fingerprint: no PipelineChangedException.
        assertEquals(List.of("tens=40", "ones=4"), secondLife(recovery(saved), true, "tens", "ones"));
    }

    @Test
    void scopedTwinKeepsItsOwnStateWhenTheOtherIsLeftOut() {
        EngineState saved = firstLife(true, "ones", "tens");
        StreamingContext probe = new StreamingContext(B, new ManualClock());
        totals(probe, true, new ArrayList<>(), "tens");
        PipelineChangedException e = assertThrows(PipelineChangedException.class, () -> probe.recoverFrom(recovery(saved)));
        assertTrue(e.getMessage().contains("1 no longer exist") && e.getMessage().contains("(ones/updateStateByKey:"),
                e.getMessage());
        assertEquals(List.of("tens=40"), secondLife(e.fitting(), true, "tens"));
    }

    @Test
    void withoutScopesTwinsAreToldApartByTheOrderTheyWereBuiltIn() {
        EngineState saved = firstLife(false, "ones", "tens");
        // What scopes are for: built the other way round, unscoped twins take each other's totals.
        assertEquals(List.of("tens=13", "ones=31"), secondLife(recovery(saved), false, "tens", "ones"));
    }

    @Test
    void aCheckpointOfTheVersionBeforeScopesIsReadUnderTheScopedNames() {
        EngineState before = unscopedNames(firstLife(true, "ones", "tens"), "ones", "tens");
        assertTrue(before.streams().keySet().stream().noneMatch(id -> id.contains("/")), before.streams().keySet().toString());
        assertEquals(List.of("ones=4", "tens=40"), secondLife(recovery(before), true, "ones", "tens"));
    }

    @Test
    void streamsAddedBesideTheTwinsOfTheVersionBeforeScopesLeaveThemTheirState() {
        EngineState before = unscopedNames(firstLife(true, "ones", "tens"), "ones", "tens");
        StreamingContext probe = new StreamingContext(B, new ManualClock());
        totals(probe, true, new ArrayList<>(), "count", "ones", "tens");
        PipelineChangedException e = assertThrows(PipelineChangedException.class, () -> probe.recoverFrom(recovery(before)));
        assertTrue(e.getMessage().contains("0 no longer exist"), e.getMessage());
        assertEquals(List.of("count=1", "ones=4", "tens=40"), secondLife(e.fitting(), true, "count", "ones", "tens"));
    }

    @Test
    void aTwinAddedToTheTwinsOfTheVersionBeforeScopesLeavesThemEmptyAndTheRestIsKept() {
        EngineState before = unscopedNames(firstLife(true, "ones", "tens", "count"), "ones", "tens", "count");
        for (List<String> names : List.of(List.of("hundreds", "ones", "tens", "count"), List.of("ones", "tens", "count", "hundreds"))) {
            StreamingContext probe = new StreamingContext(B, new ManualClock());
            totals(probe, true, new ArrayList<>(), names.toArray(String[]::new));
            PipelineChangedException e = assertThrows(PipelineChangedException.class, () -> probe.recoverFrom(recovery(before)));
            assertTrue(e.getMessage().contains("2 no longer exist"), e.getMessage());
            // Unscoped, a twin added first takes the first one's name, one added last the name none had: the names do
            // not say which, so none is guessed.
            List<String> out = secondLife(e.fitting(), true, names.toArray(String[]::new));
            assertTrue(out.containsAll(List.of("hundreds=100", "ones=1", "tens=10", "count=3")), names + ": " + out);
        }
    }

    @Test
    void oneOfTwoTwinsOfTheVersionBeforeScopesLeftOutLeavesTheOtherEmptyNotWithItsTwinsState() {
        EngineState before = unscopedNames(firstLife(true, "ones", "tens", "count"), "ones", "tens", "count");
        StreamingContext probe = new StreamingContext(B, new ManualClock());
        totals(probe, true, new ArrayList<>(), "tens", "count");
        PipelineChangedException e = assertThrows(PipelineChangedException.class, () -> probe.recoverFrom(recovery(before)));
        assertTrue(e.getMessage().contains("2 no longer exist"), e.getMessage());
        // Unscoped, tens alone takes the name ones had: the checkpoint also holds the name tens had as the second, so
        // the names moved up and tens starts empty rather than with the ones' total (which would say tens=13).
        assertEquals(List.of("tens=10", "count=3"), secondLife(e.fitting(), true, "tens", "count"));
    }

    /** {@code saved}, of the scoped streams of {@code names}, under the names and fingerprint the version before gave. */
    private static EngineState unscopedNames(EngineState saved, String... names) {
        StreamingContext probe = new StreamingContext(B, new ManualClock());
        totals(probe, true, new ArrayList<>(), names);
        List<DStream<?>> needed = probe.graph().neededByOutputs();
        StreamIds scoped = StreamIds.of(needed, probe.graph().streamsBuilt(), 1000);
        StreamIds unscoped = StreamIds.unscoped(needed, 1000);
        Map<String, NavigableMap<Long, List<?>>> streams = new LinkedHashMap<>();
        saved.streams().forEach((id, batches) -> streams.put(unscoped.idOf(scoped.byId().get(id)), batches));
        return new EngineState(saved.zeroTime(), saved.intervalMillis(), saved.batchTime(), unscoped.fingerprint(), streams);
    }
}
