package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.checkpoint.EngineStateEncoding;
import dev.rivulet.pipeline.BusLedger;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.Pair;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state directory written by a released gateway ({@code src/test/resources/fixtures/checkpoint-release-1}: the
 * SQLite file as the release left it, and what it held) is taken up by this one: the buses' ledgers, the rejected
 * readings they counted and the alert open when it stopped all come back. A change to the checkpoint's format or to
 * how the pipelines' streams are built that would lose them fails here.
 *
 * <p>The fixture was written by {@link #writeTheFixture} with {@code -Drivulet.fixture.write=DIRECTORY}, on the
 * release before the checkpoint format's version 2.
 */
class ReleaseCheckpointTest {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/checkpoint-release-1");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    /**
     * The configuration the fixture was written with; its door readings come from files in {@code doors}. Other
     * fixtures add pipelines and alert rules ({@code morePipelines}, {@code moreAlerts}: lines of those sections) and
     * sections ({@code moreSections}).
     */
    static RivuletConfig config(Path state, Path doors, String morePipelines, String moreAlerts, String moreSections)
            throws Exception {
        return ConfigLoader.parse("""
                gateway: {id: fixture}
                batch: {interval: 1s}
                storage: {directory: '%s'}
                status: {port: 0}
                sources:
                  doors:
                    type: directory
                    path: '%s'
                    decoder: {format: json, key: bus, fields: [boardings, alightings]}
                pipelines:
                  occupancy: {type: bus-occupancy, source: doors, boardings: boardings, alightings: alightings,
                              capacity: 40, window: 10s, slide: 1s}
                  boarded: {type: aggregate, source: doors, value: boardings, aggregate: sum, running: true}
                %salerts:
                  full: {type: capacity, pipeline: occupancy, high: 50%%, low: 40%%, consecutive: 1}
                  busy: {type: threshold, pipeline: boarded, high: 25, consecutive: 1}
                %s%s""".formatted(state, doors, morePipelines, moreAlerts, moreSections), "fixture.yaml");
    }

    private static RivuletConfig config(Path state, Path doors) throws Exception {
        return config(state, doors, "", "", "");
    }

    /** What {@code fixture} showed when it stopped. */
    static Properties expected(Path fixture) throws IOException {
        Properties expected = new Properties();
        try (InputStream in = Files.newInputStream(fixture.resolve("expected.properties"))) {
            expected.load(in);
        }
        return expected;
    }

    /** A copy of {@code fixture}'s state directory in {@code dir}. */
    static Path stateOf(Path fixture, Path dir) throws IOException {
        Path state = Files.createDirectories(dir.resolve("state"));
        try (Stream<Path> files = Files.list(fixture.resolve("state"))) {
            for (Path file : files.toList()) {
                Files.copy(file, state.resolve(file.getFileName()));
            }
        }
        return state;
    }

    /** Writes a fixture to {@code target}: the files of {@code state} and what the gateway showed. */
    static void writeFixture(Path state, Properties expected, String target, String comment) throws IOException {
        Path fixture = Files.createDirectories(Path.of(target).resolve("state"));
        try (Stream<Path> files = Files.list(state)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, fixture.resolve(file.getFileName()));
            }
        }
        try (OutputStream out = Files.newOutputStream(Path.of(target).resolve("expected.properties"))) {
            expected.store(out, comment);
        }
    }

    @Test
    void aStateDirectoryWrittenByTheReleaseIsTakenUp() throws Exception {
        Properties expected = expected(FIXTURE);
        Path state = stateOf(FIXTURE, dir);
        long checkpoint = Long.parseLong(expected.getProperty("checkpoint"));
        ManualTime time = new ManualTime(INTERVAL, 0, checkpoint + 3 * INTERVAL.toMillis());
        try (Gateway gateway = Gateway.start(config(state, Files.createDirectories(dir.resolve("doors"))), output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            time.until("a batch after the checkpoint", () -> gateway.metrics().batches() >= 1);
            assertEquals(expected.getProperty("buses"), buses(gateway), "each bus's occupancy and rejected readings");
            assertEquals(expected.getProperty("open"), open(gateway), "the alerts open when the release stopped");
            time.step();
        }
        // What this version checkpoints is format 5: the ledgers typed records, strings a blob repeats as indexes, the
        // streams named in their pipeline's scope.
        RivuletConfig config = config(state, dir.resolve("doors"));
        try (SqliteStore store = SqliteStore.open(Gateway.storeConfig(config), java.time.Clock.systemUTC())) {
            Map<String, byte[]> blobs = store.checkpoints().latest().orElseThrow().checkpoint().blobs();
            assertEquals(5, new DataInputStream(new ByteArrayInputStream(blobs.get("engine"))).readInt());
            EngineState saved = new EngineStateEncoding(Gateway.recordCodec()).decode(blobs);
            assertTrue(saved.streams().values().stream().flatMap(batches -> batches.values().stream())
                    .flatMap(List::stream).anyMatch(record -> record instanceof Pair<?, ?> pair
                            && pair.value() instanceof BusLedger.Ledger), "a bus ledger record in " + saved.streams().keySet());
        }
    }

    /**
     * Writes the fixture, when {@code -Drivulet.fixture.write=DIRECTORY} names where: a gateway takes in door
     * readings from a file, raises its alerts, checkpoints, and stops; its state directory and what it showed go to
     * the fixture.
     */
    @Test
    void writeTheFixture() throws Exception {
        String target = System.getProperty("rivulet.fixture.write");
        assumeTrue(target != null, "writes the fixture only when asked to with -Drivulet.fixture.write=DIRECTORY");
        Path state = dir.resolve("state");
        Path doors = Files.createDirectories(dir.resolve("doors"));
        Path readings = Files.writeString(dir.resolve("doors-1.jsonl"), """
                {"bus":"b1","boardings":30,"alightings":0}
                {"bus":"b2","boardings":10,"alightings":0}
                {"bus":"b2","boardings":-4,"alightings":0}
                {"bus":"b3","boardings":12,"alightings":5}
                """);
        ManualTime time = new ManualTime(INTERVAL, 0);
        Properties expected = new Properties();
        try (Gateway gateway = Gateway.start(config(state, doors), output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            // A directory source reads the files that appear after it started, moved in whole.
            GatewayWatch watch = new GatewayWatch(gateway);
            Files.move(readings, doors.resolve("doors-1.jsonl"));
            watch.until("the readings taken in", () -> gateway.sources().get(0).counters().decoded() >= 4);
            time.until("the buses counted and the alerts raised", () -> gateway.fleet().buses().size() == 3
                    && open(gateway).equals("busy/b1,full/b1"));
            time.step();
            time.step();
            expected.setProperty("checkpoint", Long.toString(gateway.checkpointer().lastCheckpointBatchTime()));
            expected.setProperty("buses", buses(gateway));
            expected.setProperty("open", open(gateway));
        }
        writeFixture(state, expected, target, "what the release showed when it stopped (ReleaseCheckpointTest)");
        assertEquals("b1=30 rejected 0,b2=10 rejected 1,b3=7 rejected 0", expected.getProperty("buses"));
    }

    static String buses(Gateway gateway) {
        Map<String, String> buses = new TreeMap<>();
        gateway.fleet().buses().forEach(bus -> buses.put(bus.id(), bus.occupancy() + " rejected " + bus.rejectedTotal()));
        return buses.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    static String open(Gateway gateway) {
        return gateway.fleet().openAlerts().stream().map(alert -> alert.rule() + "/" + alert.key()).sorted()
                .collect(Collectors.joining(","));
    }
}
