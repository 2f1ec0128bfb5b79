package dev.rivulet.streaming;

import static dev.rivulet.streaming.Harness.B;
import static dev.rivulet.streaming.Harness.assertOutputs;
import static dev.rivulet.streaming.Harness.p;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** updateStateByKey and mapWithState. */
class StateOperationsTest {

    private static final List<List<String>> WORDS = List.of(
            List.of("a"), List.of("a", "b"), List.of("a", "b", "c"), List.of("a", "b"), List.of("a"), List.of());

    @Test
    void updateStateByKeyListsEveryLiveKeyAtEveryBatch() {
        assertOutputs(List.of(
                List.of(p("a", 1)),
                List.of(p("a", 2), p("b", 1)),
                List.of(p("a", 3), p("b", 2), p("c", 1)),
                List.of(p("a", 4), p("b", 3), p("c", 1)),
                List.of(p("a", 5), p("b", 3), p("c", 1)),
                List.of(p("a", 5), p("b", 3), p("c", 1))
        ), Harness.run(WORDS, s -> s.mapToPair(w -> p(w, 1))
                .<Integer>updateStateByKey((values, state) -> Optional.of(state.orElse(0) + values.size())).stream()));
    }

    @Test
    void updateStateByKeyCallsOncePerKeyPerBatchWithEmptyValuesForIdleKeys() {
        List<String> calls = new ArrayList<>();
        Harness.run(List.of(List.of("a", "a"), List.of("b")), 3, s -> s.mapToPair(w -> p(w, 1))
                .<Integer>updateStateByKey((values, state) -> {
                    calls.add(values + "/" + state.orElse(null));
                    return Optional.of(state.orElse(0) + values.size());
                }).stream());
        assertEquals(List.of("[1, 1]/null", "[]/2", "[1]/null", "[]/2", "[]/1"), calls);
    }

    @Test
    void updateStateByKeyRemovesAKeyWhenTheUpdateReturnsEmpty() {
        // A key lives while it keeps receiving values: one idle batch and it is gone.
        assertOutputs(List.of(
                List.of(p("a", 1)),
                List.of(p("b", 1)),
                List.of(),
                List.of(p("a", 1))
        ), Harness.run(List.of(List.of("a"), List.of("b"), List.of(), List.of("a")), s -> s.mapToPair(w -> p(w, 1))
                .<Integer>updateStateByKey((values, state) -> values.isEmpty()
                        ? Optional.empty() : Optional.of(state.orElse(0) + values.size())).stream()));
    }

    @Test
    void mapWithStateRunsPerRecordAndSnapshotsState() {
        StateSpec<String, Integer, Integer, String> spec = StateSpec.function((key, value, state) -> {
            int total = state.getOption().orElse(0) + value.orElse(0);
            state.update(total);
            return key + "=" + total;
        });
        List<List<Pair<String, Integer>>> input = List.of(List.of(p("a", 1), p("a", 2)), List.of(p("b", 5)), List.of());
        assertOutputs(List.of(List.of("a=1", "a=3"), List.of("b=5"), List.of()),
                Harness.run(input, s -> new PairDStream<>(s).mapWithState(spec)));
        assertOutputs(List.of(List.of(p("a", 3)), List.of(p("a", 3), p("b", 5)), List.of(p("a", 3), p("b", 5))),
                Harness.run(input, s -> new PairDStream<>(s).mapWithState(spec).stateSnapshots().stream()));
    }

    @Test
    void mapWithStateRemoveAndInitialState() {
        StateSpec<String, Integer, Integer, Integer> spec = StateSpec.<String, Integer, Integer, Integer>function(
                (key, value, state) -> {
                    if (value.orElse(0) < 0) {
                        state.remove();
                        return null;
                    }
                    state.update(state.getOption().orElse(0) + value.orElse(0));
                    return state.get();
                }).initialState(Map.of("a", 100));
        List<List<Pair<String, Integer>>> input = List.of(List.of(p("a", 1)), List.of(p("a", -1)), List.of(p("a", 1)));
        // The removing call returns null, which the three-argument form emits as a record, as Spark does.
        assertOutputs(List.of(List.of(101), Collections.singletonList(null), List.of(1)),
                Harness.run(input, s -> new PairDStream<>(s).mapWithState(spec)));
    }
}
