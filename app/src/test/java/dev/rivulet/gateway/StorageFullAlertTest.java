package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database at its size limit: checkpoints stop, an alert says so, and processing goes on in memory. */
class StorageFullAlertTest {

    @TempDir
    Path state;

    /** 100 ms batches moved by the test, one simulated fleet paced on them. */
    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 1);

    @Test
    void aFullDatabaseRaisesAnAlertAndProcessingGoesOn() throws Exception {
        // 0.12 MB is 30 pages. The central broker is unreachable, so a summary every 100 ms waits in the
        // outbox until the database is full.
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: tiny}
                batch: {interval: 100ms}
                storage: {directory: '%s', max-megabytes: 0.12}
                status: {port: 0}
                sources:
                  fleet: {type: simulator, buses: 40, speed: 2000}
                brokers:
                  nowhere: {url: 'tcp://127.0.0.1:1'}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings,
                              window: 1s, slide: 100ms}
                upstream: {broker: nowhere, period: 100ms, retry-max: 1s}
                """.formatted(state), "tiny.yaml");
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            time.until("the storage-full alert is open", () -> gateway.fleet().openAlerts().stream()
                    .anyMatch(alert -> alert.rule().equals("storage-full") && alert.key().equals("tiny")));
            assertTrue(gateway.storageFailing() || gateway.fleet().openAlerts().size() > 0);
            long batches = gateway.metrics().batches();
            long records = gateway.metrics().records();
            time.until("batches keep completing in memory", () -> gateway.metrics().batches() >= batches + 5
                    && gateway.metrics().records() > records);
            assertTrue(gateway.store().counters().get(dev.rivulet.storage.StoreCounters.Counter.STORE_FULL_ERRORS) > 0);
        }
    }
}
