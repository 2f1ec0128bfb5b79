package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.AlertRule;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code threshold} rule on an aggregate watches its result per key, with hysteresis: per batch, over a window
 * (one comparison per slide) and on a running total. Each batch brings one reading of {@code v} per number.
 */
class AggregateThresholdTest {

    private static final Duration B = Duration.ofSeconds(1);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // name | pipeline's keys | values per batch | alerts
            "per batch: raised after 2 at or above 10, cleared below 6 | aggregate: sum"
                    + " | 5 12 12 8 3 | fridge/3000/raised sum 12, fridge/5000/cleared sum 3",
            "a single batch above does not raise | aggregate: max | 5 12 5 12 5 | ''",
            "window of 2 batches every 2: one comparison a slide | aggregate: sum, window: 2s, slide: 2s"
                    + " | 6 6 6 6 1 1 | fridge/4000/raised sum 12, fridge/6000/cleared sum 2",
            "running total | aggregate: sum, running: true | 4 4 4 4 -13 | fridge/4000/raised running sum 16,"
                    + " fridge/5000/cleared running sum 3"})
    void theRuleWatchesTheResultPerKey(String name, String keys, String values, String expected) throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  probes: {type: simulator}
                pipelines:
                  heat: {type: aggregate, source: probes, value: t, %s}
                alerts:
                  hot: {type: threshold, pipeline: heat, high: 10, low: 6, consecutive: 2}
                """.formatted(keys), "test");
        Queue<List<Reading>> queue = new ArrayDeque<>();
        for (String v : values.split(" ")) {
            queue.add(List.of(Reading.of("probe", "fridge", 0, 0, Map.of("t", Double.parseDouble(v)))));
        }
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        AggregatePipeline heat = (AggregatePipeline) config.pipelines().get("heat");
        PairDStream<String, Double> results = heat.results(context.queueStream(queue), B);
        AlertKind hot = config.alerts().get("hot");
        AlertRule.Streams alerts = AlertRule.streams(hot, results, value -> value, heat::detail);
        List<String> changes = new ArrayList<>();
        alerts.changes().foreachBatch(batch -> batch.forEach(alert ->
                changes.add(alert.key() + "/" + alert.batchTime() + "/" + (alert.raised() ? "raised" : "cleared")
                        + " " + alert.detail())));
        context.start();
        clock.advance(B.multipliedBy(queue.size()));
        assertEquals(expected.isEmpty() ? "" : expected, String.join(", ", changes), name);
    }
}
