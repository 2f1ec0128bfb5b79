package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.status.FleetStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counts of rejected readings and corrections live in the engine's state: a restarted gateway on the same
 * SQLite file goes on from them instead of starting again at 0.
 */
class LedgerSurvivesRestartTest {

    @TempDir
    Path state;

    /** Both lives of the gateway on one clock moved by the test: 100 ms batches, one simulated fleet. */
    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 1);

    private RivuletConfig config() throws Exception {
        return ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}   # no status page: 9780 may be another test's
                sources:
                  fleet: {type: simulator, buses: 4, speed: 600, faulty: 30%%}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings,
                              trip-end: {label: trip, values: [end]}, window: 1s, slide: 100ms}
                """.formatted(state), "depot.yaml");
    }

    private Gateway start(RivuletConfig config) throws IOException {
        return Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock());
    }

    private static long[] counts(FleetStatus.Bus bus) {
        return new long[] {bus.rejectedTotal(), bus.corrections()};
    }

    @Test
    void rejectedReadingsAndCorrectionsAreKeptAcrossARestart() throws Exception {
        RivuletConfig config = config();
        Map<String, long[]> beforeClose = new HashMap<>();
        try (Gateway gateway = start(config)) {
            time.until("rejected readings and corrections counted", () -> gateway.fleet().buses().stream()
                    .filter(bus -> bus.rejectedTotal() >= 2 && bus.corrections() >= 1).count() >= 2);
            time.until("a checkpoint written", () -> gateway.checkpointer().lastCheckpointBatchTime() > 0);
            gateway.fleet().buses().forEach(bus -> beforeClose.put(bus.id(), counts(bus)));
        }
        try (Gateway gateway = start(config)) {
            time.until("the first batch after the restart", () -> gateway.metrics().batches() >= 1
                    && gateway.fleet().buses().size() >= beforeClose.size());
            for (FleetStatus.Bus bus : gateway.fleet().buses()) {
                long[] before = beforeClose.getOrDefault(bus.id(), new long[2]);
                long[] after = counts(bus);
                assertTrue(after[0] >= before[0] && after[1] >= before[1], bus.id() + ": " + before[0] + " rejected, "
                        + before[1] + " corrections before the restart, " + after[0] + " and " + after[1] + " after");
            }
        }
    }
}
