package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import dev.rivulet.streaming.Pair;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's crash test (issue 4): an {@link EngineCrashWorker} in a child JVM runs the bus-occupancy pipeline
 * on a real SQLite file and is killed with SIGKILL at random moments, then restarted until it has run every
 * batch. After every kill the newest checkpoint must hold exactly the readings of the batches it covers, each
 * once; at the end the final state and the delivered outputs must equal an uninterrupted run's, and a message
 * may arrive twice only when it was re-sent after a kill that fell between its publish and its deletion from
 * the outbox.
 *
 * <p>{@code -Drivulet.crash.kills=N} (default 20) kills more, {@code -Drivulet.crash.seed=S} repeats a run.
 */
class EngineCrashIT {

    @TempDir
    Path crashed;

    @TempDir
    Path uninterrupted;

    private final List<String> lifeEnds = new ArrayList<>();

    @Test
    void sigkilledAtRandomTheEngineCountsEveryReadingOnceAndNeitherLosesNorRepeatsAnOutput() throws Exception {
        long seed = Long.getLong("rivulet.crash.seed", System.nanoTime());
        int kills = Integer.getInteger("rivulet.crash.kills", 20);
        int batches = Integer.getInteger("rivulet.crash.batches", Math.max(240, 12 * kills));
        String run = "seed " + seed + " (repeat with -Drivulet.crash.seed=" + seed + ")";
        Random random = new Random(seed);
        // Lives of about batches / (2·kills) batches each: the kills spread over the first half of the run.
        int maxBatchesPerLife = Math.max(2, batches / kills);

        int killed = 0;
        boolean finished = false;
        while (killed < kills && !finished) {
            finished = runChild(seed, batches, random.nextInt(maxBatchesPerLife + 1) - 1);
            killed += finished ? 0 : 1;
            verifyLatestCheckpoint(seed, run + ", after kill " + killed);
        }
        assertEquals(kills, killed, run + ": the child finished before every kill; give it more batches");
        while (!finished) {
            finished = runChild(seed, batches, Integer.MAX_VALUE);
        }

        EngineCrashWorker.run(uninterrupted, seed, batches, new PrintStream(OutputStream.nullOutputStream()));

        EngineState expectedState = latestState(uninterrupted);
        EngineState actualState = latestState(crashed);
        assertEquals(batches * BusOccupancyWorkload.INTERVAL.toMillis(), actualState.batchTime(), run);
        assertEquals(normalized(expectedState), normalized(actualState),
                run + ": the final state equals the uninterrupted run's, every stream, every remembered batch");
        assertEquals(BusOccupancyWorkload.expectedCounts(seed, batches), counts(actualState),
                run + ": every reading counted exactly once");

        Deliveries expected = Deliveries.read(uninterrupted.resolve(EngineCrashWorker.DELIVERED_FILE));
        Deliveries actual = Deliveries.read(crashed.resolve(EngineCrashWorker.DELIVERED_FILE));
        assertEquals(0, expected.duplicates(), "the uninterrupted run delivers each message once");
        assertEquals(expected.payloadById(), actual.payloadById(),
                run + ": the same alerts and summaries, with the same payloads, none lost");
        assertTrue(expected.payloadById().keySet().stream().anyMatch(id -> id.startsWith("capacity/")),
                "the workload raises capacity alerts");
        assertTrue(actual.duplicates() <= killed, run + ": " + actual.duplicates() + " re-sent messages for "
                + killed + " kills: at most one per kill (the one in flight)");
        try (Store store = open(crashed)) {
            assertEquals(0, store.outbox().depth(), run + ": the outbox drained");
        }
        // The figures the README quotes.
        System.out.printf("engine crash test: %s, %d batches, %d kills, %d messages delivered, %d re-sent%n",
                run, batches, killed, actual.payloadById().size(), actual.duplicates());
    }

    /**
     * Starts the worker and kills it once it reported {@code batchesBeforeKill} batches (-1: as soon as it
     * says it is recovering, so the kill lands in recovery or the first batch).
     *
     * @return true if the worker finished first
     */
    private boolean runChild(long seed, int batches, int batchesBeforeKill) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", "target"),
                "-cp", System.getProperty("java.class.path"), EngineCrashWorker.class.getName(),
                crashed.toString(), Long.toString(seed), Integer.toString(batches))
                .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/engine-crash-worker.log")))
                .start();
        boolean finished = false;
        String last = "nothing";
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while ((line = out.readLine()) != null) {
                last = line;
                if (line.equals("done")) {
                    finished = true;
                    break;
                }
                boolean recovering = line.equals("recovering");
                if (line.startsWith("batch ")) {
                    seen++;
                }
                if ((batchesBeforeKill < 0 && recovering) || (batchesBeforeKill >= 0 && seen >= batchesBeforeKill
                        && !recovering && !line.equals("done"))) {
                    break;
                }
            }
            child.destroyForcibly();
            child.waitFor();
        }
        lifeEnds.add(last);
        assertTrue(finished || !last.equals("nothing"), "the worker printed nothing: see target/engine-crash-worker.log");
        return finished;
    }

    /** The newest checkpoint holds the readings of exactly the batches it covers, each once. */
    private void verifyLatestCheckpoint(long seed, String context) throws IOException {
        try (Store store = open(crashed)) {
            if (store.checkpoints().latest().isEmpty()) {
                return;
            }
        }
        EngineState state = latestState(crashed);
        int covered = (int) (state.batchTime() / BusOccupancyWorkload.INTERVAL.toMillis());
        assertEquals(BusOccupancyWorkload.expectedCounts(seed, covered), counts(state),
                context + ": checkpoint of batch " + state.batchTime() + " (life ended at: " + lifeEnds + ")");
    }

    private static Store open(Path directory) {
        return SqliteStore.open(StoreConfig.defaults(directory), Clock.systemUTC());
    }

    private static EngineState latestState(Path directory) throws IOException {
        try (Store store = open(directory)) {
            return new EngineStateEncoding(dev.rivulet.pipeline.PipelineKinds.registerCodecs(new RecordCodec()))
                    .decode(store.checkpoints().latest().orElseThrow().checkpoint().blobs());
        }
    }

    /** Per bus, {readings, sum of sequence numbers} from the state of {@code updateStateByKey}. */
    private static Map<String, List<Long>> counts(EngineState state) {
        NavigableMap<Long, List<?>> occupancy = state.streams().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("updateStateByKey:"))
                .findFirst().orElseThrow().getValue();
        Map<String, List<Long>> counts = new TreeMap<>();
        if (occupancy.isEmpty()) {
            return counts;
        }
        for (Object record : occupancy.lastEntry().getValue()) {
            Pair<?, ?> bus = (Pair<?, ?>) record;
            List<?> value = (List<?>) bus.value();
            counts.put((String) bus.key(), List.of((Long) value.get(BusOccupancyWorkload.READINGS),
                    (Long) value.get(BusOccupancyWorkload.SEQUENCE_SUM)));
        }
        return counts;
    }

    /** Stream → batch → records as sorted text: record order within a batch is not part of the result. */
    private static Map<String, Map<Long, List<String>>> normalized(EngineState state) {
        Map<String, Map<Long, List<String>>> streams = new TreeMap<>();
        state.streams().forEach((id, batches) -> {
            Map<Long, List<String>> byTime = new TreeMap<>();
            batches.forEach((time, records) -> {
                List<String> text = new ArrayList<>();
                records.forEach(record -> text.add(String.valueOf(record)));
                text.sort(null);
                byTime.put(time, text);
            });
            streams.put(id, byTime);
        });
        return streams;
    }

    /**
     * The publisher's file, split into lives at its start markers. A message may appear twice only as the last
     * delivery of one life and the first of the next: published, then killed before {@code markDelivered}
     * committed. Anything else would mean it was queued twice.
     */
    private record Deliveries(Map<String, String> payloadById, int duplicates) {

        static Deliveries read(Path file) throws IOException {
            Map<String, String> payloads = new HashMap<>();
            String lastOfPreviousLife = null;
            String previous = null;
            boolean firstOfLife = false;
            int duplicates = 0;
            for (String line : FileAppendingPublisher.lines(file)) {
                if (line.equals(FileAppendingPublisher.START)) {
                    lastOfPreviousLife = previous;
                    firstOfLife = true;
                    continue;
                }
                String payload = line.substring(line.indexOf('\t') + 1);
                String id = payload.substring("{\"id\":\"".length(), payload.indexOf('"', "{\"id\":\"".length()));
                String before = payloads.putIfAbsent(id, payload);
                if (before != null) {
                    assertEquals(before, payload, id + " was delivered with two different payloads");
                    assertTrue(firstOfLife && id.equals(lastOfPreviousLife), id + " was delivered twice, and not"
                            + " as the message in flight at a kill: it was queued twice");
                    duplicates++;
                }
                previous = id;
                firstOfLife = false;
            }
            return new Deliveries(payloads, duplicates);
        }
    }
}
