package dev.rivulet.alerts;

import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.MapWithStateDStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.State;
import dev.rivulet.streaming.StateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A rule over a stream of (key, watched value): the alerts it raises and clears, with the batch time that
 * makes their ids stable. The hysteresis state is kept by {@code mapWithState}, so it is checkpointed and
 * restored with the rest of the engine's state.
 */
public final class AlertRule {

    private AlertRule() {
    }

    /**
     * What a rule produces: {@code changes}, one alert per raise or clear, and {@code open}, every alert open
     * after each batch — read from the rule's own state, so it is right from the first batch after a restart
     * (the state comes back from the checkpoint; a display model or a pin that only saw the changes would
     * forget an alert raised before the restart).
     */
    public record Streams(DStream<Alert> changes, DStream<Alert> open) {
    }

    /**
     * The changes alone.
     *
     * @param watched per key, the number compared with high and low (e.g. a load factor), every batch
     * @param detail  a short description of a key's value for the message
     */
    public static <V> DStream<Alert> alerts(AlertKind settings, PairDStream<String, V> watched,
                                            Function<V, Double> value, Function<V, String> detail) {
        return streams(settings, watched, value, detail).changes();
    }

    /** Both streams of a rule over {@code watched}, on one state. */
    public static <V> Streams streams(AlertKind settings, PairDStream<String, V> watched,
                                      Function<V, Double> value, Function<V, String> detail) {
        Hysteresis hysteresis = new Hysteresis(settings.high(), settings.low(), settings.consecutive());
        Yardstick yardstick = settings.openYardstick();
        // The Optional form emits only on a change (the three-argument form would emit a null record otherwise).
        StateSpec<String, V, Hysteresis.Mark, Pair<String, Pair<Boolean, V>>> spec = StateSpec.function(
                (long time, String key, Optional<V> observed, State<Hysteresis.Mark> state) -> {
                    double measured = yardstick.measure(key, time, value.apply(observed.orElseThrow()));
                    if (Double.isNaN(measured) && yardstick != Yardstick.PLAIN) {
                        return Optional.empty();
                    }
                    return hysteresis.observe(measured, state).map(raised -> Pair.of(key, Pair.of(raised, observed.get())));
                });
        MapWithStateDStream<String, V, Hysteresis.Mark, Pair<String, Pair<Boolean, V>>> marks = watched.mapWithState(spec);
        DStream<Alert> changes = marks.transform(batch -> {
            List<Alert> alerts = new ArrayList<>(batch.size());
            for (Pair<String, Pair<Boolean, V>> change : batch) {
                V observed = change.value().value();
                double number = value.apply(observed);
                alerts.add(new Alert(settings.name(), change.key(), batch.time(), change.value().key(), number,
                        detail.apply(observed) + yardstick.explain(change.key(), batch.time(), number)));
            }
            return alerts;
        });
        DStream<Alert> open = marks.stateSnapshots().filter(mark -> mark.value().raised()).leftOuterJoin(watched)
                .stream().transform(batch -> {
                    List<Alert> alerts = new ArrayList<>(batch.size());
                    for (Pair<String, Pair<Hysteresis.Mark, Optional<V>>> key : batch) {
                        Optional<V> observed = key.value().value();
                        double number = observed.map(value).orElse(Double.NaN);
                        alerts.add(new Alert(settings.name(), key.key(), batch.time(), true, number, observed.map(detail)
                                .map(words -> words + yardstick.explain(key.key(), batch.time(), number)).orElse("")));
                    }
                    return alerts;
                });
        return new Streams(changes, open);
    }
}
