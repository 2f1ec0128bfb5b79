package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.checkpoint.EngineStateEncoding;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory written by the version before streams were named in their pipeline's scope
 * ({@code src/test/resources/fixtures/checkpoint-before-scopes}, written at {@code 47e24fa}, checkpoint format 4), with
 * the configuration it was written with: two running totals on one source and two threshold rules on one signal,
 * each pair computed alike but for its function, so that their unscoped names told them apart only by their order.
 * This version takes the state up under the scoped names, each total and alert state in its own pipeline and rule.
 *
 * <p>{@link #writeTheFixture} wrote it with {@code -Drivulet.fixture.write=DIRECTORY}, run on that version.
 */
class CheckpointBeforeScopesTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/checkpoint-before-scopes");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /**
     * {@link ReleaseCheckpointTest}'s configuration with a second running total, two more rules, and summaries every
     * 10 s to a central broker that cannot be reached (they wait in the outbox).
     */
    private static RivuletConfig config(Path state, Path doors) throws Exception {
        return ReleaseCheckpointTest.config(state, doors, """
                  alighted: {type: aggregate, source: doors, value: alightings, aggregate: sum, running: true}
                """, """
                  packed: {type: threshold, pipeline: boarded, high: 1000, low: 900, consecutive: 1}
                  leaving: {type: threshold, pipeline: alighted, high: 4, low: 3, consecutive: 1}
                """, """
                brokers:
                  nowhere: {url: 'tcp://127.0.0.1:1'}
                upstream: {broker: nowhere, period: 10s, retry-max: 1s}
                """);
    }

    @Test
    void eachPipelineAndRuleGetsItsOwnStateBack() throws Exception {
        Properties expected = ReleaseCheckpointTest.expected(FIXTURE);
        Path state = ReleaseCheckpointTest.stateOf(FIXTURE, dir);
        long checkpoint = Long.parseLong(expected.getProperty("checkpoint"));
        ManualTime time = new ManualTime(INTERVAL, 0, checkpoint + 3 * INTERVAL.toMillis());
        RivuletConfig config = config(state, Files.createDirectories(dir.resolve("doors")));
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            time.until("a batch after the checkpoint", () -> gateway.metrics().batches() >= 1);
            assertEquals(expected.getProperty("buses"), ReleaseCheckpointTest.buses(gateway), "each bus's occupancy");
            assertEquals("busy/b1,full/b1,leaving/b3", ReleaseCheckpointTest.open(gateway),
                    "busy open on b1, and packed, never raised, still not");
            // This version adds the stops to the summaries: a stream the checkpoint knew nothing of, beside the
            // period's rows, which the first summary after the update must still count.
            time.until("the summary of the period the update fell in", () -> summaries(gateway).size() >= 1);
            UpstreamSummaries first = UpstreamSummaries.of(summaries(gateway), 10_000);
            assertEquals(expected.getProperty("boarded"), first.boardings().toString(), "the period's boardings per bus");
            assertEquals(expected.getProperty("alighted"), first.alightings().toString());
        }
        try (SqliteStore store = SqliteStore.open(Gateway.storeConfig(config), java.time.Clock.systemUTC())) {
            EngineState saved = new EngineStateEncoding(Gateway.recordCodec())
                    .decode(store.checkpoints().latest().orElseThrow().checkpoint().blobs());
            assertEquals(expected.getProperty("boarded"), totals(saved, "pipelines.boarded/"), "boarded's totals");
            assertEquals(expected.getProperty("alighted"), totals(saved, "pipelines.alighted/"), "alighted's totals");
        }
    }

    /** The summaries waiting in the outbox, as a collector would have received them. */
    private static List<UpstreamCollector.Message> summaries(Gateway gateway) {
        return gateway.store().outbox().pending(100).stream().filter(message -> message.topic().endsWith("/summary"))
                .map(message -> new UpstreamCollector.Message(message.topic(),
                        new String(message.payload(), java.nio.charset.StandardCharsets.UTF_8), false))
                .toList();
    }

    /** The running totals per bus in the newest batch of the stream of {@code scope} that holds numbers. */
    private static String totals(EngineState saved, String scope) {
        for (Map.Entry<String, NavigableMap<Long, List<?>>> stream : saved.streams().entrySet()) {
            if (!stream.getKey().startsWith(scope) || stream.getValue().isEmpty()) {
                continue;
            }
            Map<String, Long> totals = new TreeMap<>();
            for (Object record : stream.getValue().lastEntry().getValue()) {
                if (record instanceof Pair<?, ?> pair && pair.value() instanceof Double total) {
                    totals.put((String) pair.key(), Math.round(total));
                }
            }
            if (!totals.isEmpty()) {
                return totals.toString();
            }
        }
        return "none in " + saved.streams().keySet();
    }

    /**
     * Writes the fixture, when {@code -Drivulet.fixture.write=DIRECTORY} names where: a gateway takes in door readings
     * from a file, raises its alerts, checkpoints, and stops; its state directory and what it showed go to the fixture.
     */
    @Test
    void writeTheFixture() throws Exception {
        String target = System.getProperty("rivulet.fixture.write");
        assumeTrue(target != null, "writes the fixture only when asked to with -Drivulet.fixture.write=DIRECTORY");
        Path state = dir.resolve("state");
        Path doors = Files.createDirectories(dir.resolve("doors"));
        Path readings = Files.writeString(dir.resolve("doors-1.jsonl"), """
                {"bus":"b1","boardings":30,"alightings":0}
                {"bus":"b2","boardings":10,"alightings":2}
                {"bus":"b3","boardings":12,"alightings":5}
                """);
        ManualTime time = new ManualTime(INTERVAL, 0);
        Properties expected = new Properties();
        try (Gateway gateway = Gateway.start(config(state, doors), output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            GatewayWatch watch = new GatewayWatch(gateway);
            Files.move(readings, doors.resolve("doors-1.jsonl"));
            watch.until("the readings taken in", () -> gateway.sources().get(0).counters().decoded() >= 3);
            time.until("the buses counted and the alerts raised", () -> gateway.fleet().buses().size() == 3
                    && ReleaseCheckpointTest.open(gateway).equals("busy/b1,full/b1,leaving/b3"));
            time.step();
            time.step();
            expected.setProperty("checkpoint", Long.toString(gateway.checkpointer().lastCheckpointBatchTime()));
            expected.setProperty("buses", ReleaseCheckpointTest.buses(gateway));
        }
        expected.setProperty("boarded", "{b1=30, b2=10, b3=12}");
        expected.setProperty("alighted", "{b1=0, b2=2, b3=5}");
        ReleaseCheckpointTest.writeFixture(state, expected, target,
                "what the version before scopes showed when it stopped (CheckpointBeforeScopesTest)");
        assertTrue(expected.getProperty("buses").startsWith("b1=30"), expected.getProperty("buses"));
    }
}
