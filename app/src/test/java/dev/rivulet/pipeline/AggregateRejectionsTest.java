package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.sensors.Reading;
import dev.rivulet.status.FleetStatus;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/** An aggregate pipeline's {@code where}: every reading left out is counted per key and rule, across batches. */
class AggregateRejectionsTest {

    private static final Duration B = Duration.ofSeconds(1);

    private static Reading temperature(String key, double celsius) {
        return Reading.of("probe", key, 0, 0, Map.of("t", celsius));
    }

    @Test
    void readingsLeftOutByWhereAreCountedPerKeyAndRule() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  probes: {type: simulator}
                pipelines:
                  cold:
                    type: aggregate
                    source: probes
                    where: [t >= -40, t <= 60]
                    value: t
                    aggregate: max
                    window: 1s
                    slide: 1s
                """, "test");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<List<Reading>> queue = new ArrayDeque<>(List.of(
                List.of(temperature("fridge", 4), temperature("fridge", 99), temperature("van", -80)),
                List.of(),
                List.of(temperature("fridge", 85), temperature("fridge", -41), temperature("van", 3))));
        List<String> states = new ArrayList<>();
        ((AggregatePipeline) config.pipelines().get("cold")).rejected(context.queueStream(queue)).foreachBatch(batch -> {
            List<String> keys = new ArrayList<>();
            batch.forEach(key -> keys.add(key.key() + "=" + key.value()));
            keys.sort(null);
            states.add(keys.toString());
        });
        context.start();
        clock.advance(B.multipliedBy(3));
        assertEquals(List.of("[fridge={where t <= 60=1}, van={where t >= -40=1}]",
                "[fridge={where t <= 60=1}, van={where t >= -40=1}]",
                "[fridge={where t <= 60=2, where t >= -40=1}, van={where t >= -40=1}]"), states);
        assertEquals(Map.of("cold", Map.of("where t <= 60", 2L, "where t >= -40", 2L)),
                new FleetStatus(0, 1000, List.of(), List.of(), Map.of("cold", Map.of("where t <= 60", 2L,
                        "where t >= -40", 2L))).rejectedByPipeline());
    }
}
