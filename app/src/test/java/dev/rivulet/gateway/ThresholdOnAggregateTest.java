package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.alerts.Alert;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code threshold} alert on an aggregate pipeline, in the whole gateway on a real SQLite file: the rule watches
 * the aggregate's result per key, as check-config tells users to write it.
 */
class ThresholdOnAggregateTest {

    @TempDir
    Path state;

    /** 100 ms batches moved by the test, one simulated fleet paced on them. */
    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 1);

    @Test
    void aResultPastHighRaisesTheAlertAndOneBelowDoesNot() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}
                sources:
                  fleet: {type: simulator, buses: 4, speed: 600}
                pipelines:
                  readings: {type: aggregate, source: fleet, value: 1, aggregate: count, running: true}
                alerts:
                  busy: {type: threshold, pipeline: readings, high: 3, consecutive: 1}
                  never: {type: threshold, pipeline: readings, high: 1000000}
                """.formatted(state), "depot.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            // Every bus reports within a few batches, so its running count passes 3 soon after.
            time.until("a bus past 3 readings, or 50 batches", () -> !open(gateway, "busy").isEmpty()
                    || gateway.metrics().batches() >= 50);
            List<Alert> busy = open(gateway, "busy");
            assertTrue(!busy.isEmpty(), "the threshold alert on the aggregate is open: " + gateway.fleet().openAlerts());
            assertTrue(busy.stream().allMatch(alert -> alert.value() >= 3), busy.toString());
            assertEquals(List.of(), open(gateway, "never"), "no count reaches a million");
        }
    }

    private static List<Alert> open(Gateway gateway, String rule) {
        return gateway.fleet().openAlerts().stream().filter(alert -> alert.rule().equals(rule)).toList();
    }
}
