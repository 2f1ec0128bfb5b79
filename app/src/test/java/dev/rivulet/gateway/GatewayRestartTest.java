package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.EngineStateEncoding;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.StoredCheckpoint;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.StreamingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts of the whole gateway on a real SQLite file, with upstream forwarding on (the central broker is
 * unreachable, so summaries wait in the outbox): the state, the outbox and the engine survive restarts and
 * configuration changes, and an unexpected error during recovery is an error, never a reason to move the
 * state aside.
 */
class GatewayRestartTest {

    @TempDir
    Path state;

    /** Every life of the gateway in a test on one clock, moved by the test: 100 ms batches, one simulated fleet. */
    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 1);

    private RivuletConfig config(String extraPipeline) throws dev.rivulet.config.ConfigException, IOException {
        String yaml = """
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}   # no status page: 9780 may be another test's
                sources:
                  fleet: {type: simulator, buses: 6, speed: 600}
                brokers:
                  nowhere: {url: 'tcp://127.0.0.1:1'}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings,
                              window: 1s, slide: 100ms}
                %s
                alerts:
                  full: {type: capacity, pipeline: occupancy, high: 90%%, low: 70%%}
                upstream: {broker: nowhere, period: 300ms, retry-max: 1s}
                """.formatted(state, extraPipeline);
        Files.createDirectories(state);
        Files.writeString(state.resolve("depot.yaml"), yaml);
        return ConfigLoader.parse(yaml, "depot.yaml");
    }

    private Gateway start(RivuletConfig config) throws IOException {
        return Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock());
    }

    @Test
    void restartsPastAnUpstreamPeriodKeepTheStateAndTheOutbox() throws Exception {
        RivuletConfig config = config("");
        long depth = 0;
        for (int life = 0; life < 4; life++) {
            try (Gateway gateway = start(config)) {
                long before = depth;
                // Past at least two summary periods, so the summary window spans a checkpoint and the restart.
                time.until("batches and summaries in life " + life, () -> gateway.metrics().batches() >= 8
                        && gateway.store().outbox().depth() >= before + 2);
                assertEquals(StreamingContext.State.ACTIVE, gateway.context().state(), "the engine runs in life " + life);
                depth = gateway.store().outbox().depth();
            }
            assertNothingMovedAside();
        }
    }

    @Test
    void aConfigurationChangeKeepsTheOutboxAndTheStateThatStillFits() throws Exception {
        long depth;
        try (Gateway gateway = start(config(""))) {
            time.until("summaries wait in the outbox", () -> gateway.store().outbox().depth() >= 3);
            depth = gateway.store().outbox().depth();
        }
        RivuletConfig changed = config("""
                  loads: {type: aggregate, source: fleet, value: boardings, aggregate: sum, window: 500ms, slide: 100ms}
                """);
        try (Gateway gateway = start(changed)) {
            assertTrue(gateway.store().outbox().depth() >= depth, "committed outbox messages are kept");
            long batches = gateway.metrics().batches();
            time.until("the changed pipeline runs", () -> gateway.metrics().batches() >= batches + 5);
            assertEquals(StreamingContext.State.ACTIVE, gateway.context().state());
        }
        assertNothingMovedAside();
    }

    @Test
    void anUnexpectedErrorDuringRecoveryIsReportedAndTheStateStaysWhereItIs() throws Exception {
        RivuletConfig config = config("");
        try (Gateway gateway = start(config)) {
            time.until("a few checkpoints", () -> gateway.checkpointer().lastCheckpointBatchTime() > 0
                    && gateway.metrics().batches() >= 5);
        }
        long newest = damageNewestCheckpoint(config);
        // The bad state meets the engine either during start (batches missed while stopped run first) or in the
        // first live batch; either way the error is reported, the engine is not live, and nothing is moved aside.
        Throwable error;
        try (Gateway gateway = start(config)) {
            time.until("the engine failure is reported", () -> gateway.engineFailure().isPresent());
            error = gateway.engineFailure().get();
            assertTrue(!gateway.health().live() && !gateway.health().ready(), gateway.health().toString());
            assertTrue(gateway.health().reasons().get(0).startsWith("the streaming engine stopped"), gateway.health().toString());
        } catch (ClassCastException e) {
            error = e;
        }
        assertTrue(error instanceof ClassCastException, error.toString());
        assertNothingMovedAside();
        try (SqliteStore store = SqliteStore.open(Gateway.storeConfig(config), Clock.systemUTC())) {
            assertEquals(newest, store.checkpoints().latest().orElseThrow().checkpoint().batchTime(),
                    "the checkpoints are where they were");
        }
    }

    @Test
    void openAlertsAreShownAgainAfterARestart() throws Exception {
        java.util.Set<String> open;
        try (Gateway gateway = start(config(""))) {
            time.until("alerts raised", () -> gateway.fleet().openAlerts().stream().filter(a -> a.rule().equals("full")).count() >= 2);
            gateway.context().stop(true);
            open = keys(gateway);
        }
        // The same pipeline fed by a source that brings nothing: only the checkpoint knows the alerts.
        RivuletConfig quiet = ConfigLoader.parse(Files.readString(state.resolve("depot.yaml"))
                .replace("fleet: {type: simulator, buses: 6, speed: 600}", """
                fleet:
                    type: mqtt
                    broker: nowhere
                    topics: [buses/+/door]
                    decoder: {format: json, key: bus, fields: [boardings, alightings]}"""), "quiet.yaml");
        time.pacedSources(0);
        try (Gateway gateway = start(quiet)) {
            time.until("a batch after the restart", () -> gateway.metrics().batches() >= 1);
            assertEquals(open, keys(gateway), "the alerts open before the restart are shown after it");
        }
    }

    private static java.util.Set<String> keys(Gateway gateway) {
        return gateway.fleet().openAlerts().stream().filter(a -> a.rule().equals("full")).map(a -> a.key())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void aCorruptedDatabaseMovedAsideIsAnAlertAndAMetric() throws Exception {
        RivuletConfig config = config("");
        Files.createDirectories(state);
        Files.write(Gateway.storeConfig(config).databaseFile(), "this is not a database".repeat(500).getBytes());
        try (Gateway gateway = start(config)) {
            time.until("the state-moved-aside alert is open", () -> gateway.fleet().openAlerts().stream()
                    .anyMatch(alert -> alert.rule().equals("state-moved-aside")));
            assertEquals(1, new GatewayStatus(gateway).metrics().databasesMovedAside());
        }
    }

    /**
     * Damages the newest checkpoint the way a bug would: records of the wrong type in a state stream, under the
     * right fingerprint. Returns the batch time of the damaged checkpoint.
     */
    static long damageNewestCheckpoint(RivuletConfig config) throws IOException {
        try (SqliteStore store = SqliteStore.open(Gateway.storeConfig(config), Clock.systemUTC())) {
            RecordCodec codec = Gateway.recordCodec();
            StoredCheckpoint latest = store.checkpoints().latest().orElseThrow();
            EngineState saved = new EngineStateEncoding(codec).decode(latest.checkpoint().blobs());
            Map<String, NavigableMap<Long, List<?>>> streams = new TreeMap<>(saved.streams());
            String stateStream = streams.keySet().stream().filter(id -> id.contains("updateStateByKey:")).findFirst().orElseThrow();
            streams.put(stateStream, new TreeMap<>(Map.of(saved.batchTime(), List.of("not a pair"))));
            EngineState broken = new EngineState(saved.zeroTime(), saved.intervalMillis(), saved.batchTime(),
                    saved.fingerprint(), streams);
            long newest = saved.batchTime() + saved.intervalMillis();
            store.checkpoints().commit(Checkpoint.of(newest, latest.checkpoint().logSequence(),
                    new EngineStateEncoding(codec).encode(broken)), List.of());
            return newest;
        }
    }

    private void assertNothingMovedAside() throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            List<String> aside = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.contains("incompatible") || name.contains("corrupt")).toList();
            assertTrue(aside.isEmpty(), "state moved aside: " + aside);
        }
    }
}
