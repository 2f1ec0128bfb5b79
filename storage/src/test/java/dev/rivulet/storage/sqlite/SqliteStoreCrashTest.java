package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoredCheckpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running the {@link CrashWorkload} with SIGKILL at random points, reopens the store after
 * each kill and proves: every block the child saw committed is there exactly once, no block is half there,
 * checkpoints agree with the log, and the outbox holds exactly the outputs of committed checkpoints, none
 * delivered twice. {@code -Drivulet.crash.kills=N} runs more kills; {@code -Drivulet.crash.seed=S} repeats a run.
 */
class SqliteStoreCrashTest {

    private static final long TOTAL_BLOCKS = 300;

    @TempDir
    Path stateDirectory;

    private final List<String> delivered = new ArrayList<>();
    private long acknowledgedBlocks;

    @Test
    void everyCommittedBlockSurvivesSigkillExactlyOnceAndOutputsAreNeverRepeated() throws Exception {
        long seed = Long.getLong("rivulet.crash.seed", System.nanoTime());
        int kills = Integer.getInteger("rivulet.crash.kills", 6);
        Random random = new Random(seed);
        int killedMidRun = 0;
        for (int kill = 0; kill < kills; kill++) {
            boolean finished = runChild(random.nextInt(80));
            killedMidRun += finished ? 0 : 1;
            verifyStore("seed " + seed + ", after kill " + (kill + 1));
        }
        assertTrue(runChild(Integer.MAX_VALUE), "the last run finishes");
        CrashWorkload.State last = verifyStore("seed " + seed + ", at the end");
        assertEquals(CrashWorkload.State.expectedAfter(TOTAL_BLOCKS), last, "seed " + seed);
        assertEquals(delivered.size(), new HashSet<>(delivered).size(), "no message delivered twice, seed " + seed);
        assertEquals(expectedOutputCount(), delivered.size() + unprintedDeliveries(), "seed " + seed);
        assertTrue(killedMidRun >= kills / 2, "most kills hit a running child: " + killedMidRun + ", seed " + seed);
    }

    /** Runs the child until it printed {@code lines} lines (then kills it) or finished; true if it finished. */
    private boolean runChild(int lines) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-Dorg.sqlite.tmpdir=" + System.getProperty("org.sqlite.tmpdir", "target"),
                "-Dtinylog.writer.file=target/crash-worker.log",
                "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(),
                stateDirectory.toString(), Long.toString(TOTAL_BLOCKS))
                .redirectError(ProcessBuilder.Redirect.appendTo(new File("target/crash-worker.err")))
                .start();
        boolean finished = false;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int read = 0; read < lines; read++) {
                String line = out.readLine();
                if (line == null || line.equals("done")) {
                    finished = line != null;
                    break;
                }
                record(line);
            }
            child.destroyForcibly();
            child.waitFor();
        }
        return finished;
    }

    private void record(String line) {
        String[] parts = line.split(" ");
        switch (parts[0]) {
            case "appended" -> acknowledgedBlocks = Math.max(acknowledgedBlocks, Long.parseLong(parts[1]) + 1);
            case "delivered" -> delivered.add(parts[1]);
            default -> { }
        }
    }

    private CrashWorkload.State verifyStore(String context) {
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), Clock.systemUTC())) {
            CrashWorkload.State recovered = CrashWorkload.recover(store);
            // Exactly once and never half a block: the recovered state equals whole blocks 0..next-1, each once.
            assertEquals(CrashWorkload.State.expectedAfter(recovered.nextBlock()), recovered, context);
            assertTrue(recovered.nextBlock() >= acknowledgedBlocks, context + ": an acknowledged block is missing");
            Optional<StoredCheckpoint> latest = store.checkpoints().latest();
            latest.ifPresent(stored -> verifyCheckpoint(store, stored, context));
            long checkpointedBlocks = latest.map(stored -> CrashWorkload.State.decode(
                    stored.checkpoint().blobs().get("state")).nextBlock()).orElse(0L);
            Set<String> pending = new HashSet<>();
            for (OutboxMessage message : store.outbox().pending(Integer.MAX_VALUE)) {
                assertTrue(pending.add(message.id()), context + ": " + message.id() + " queued twice");
                assertTrue(!delivered.contains(message.id()), context + ": " + message.id() + " delivered yet queued");
                long block = Long.parseLong(message.id().substring(message.id().indexOf('-') + 1));
                assertTrue(block < checkpointedBlocks, context + ": " + message.id() + " without its checkpoint");
            }
            return recovered;
        }
    }

    /** The checkpoint covers exactly the records it counted, and its own outputs are queued or delivered. */
    private static void verifyCheckpoint(SqliteStore store, StoredCheckpoint stored, String context) {
        CrashWorkload.State state = CrashWorkload.State.decode(stored.checkpoint().blobs().get("state"));
        assertEquals(CrashWorkload.State.expectedAfter(state.nextBlock()), state, context);
        assertEquals(state.records(), stored.checkpoint().logSequence(), context + ": sequence numbers have no gaps");
        for (OutboxMessage output : CrashWorkload.outputs(state.nextBlock() - 1)) {
            assertTrue(isQueued(store, output.id()) || isRetired(store, output.id()),
                    context + ": " + output.id() + " of the latest checkpoint is missing");
        }
    }

    private long expectedOutputCount() {
        long count = 0;
        for (long block = 0; block < TOTAL_BLOCKS; block++) {
            count += CrashWorkload.endsBatch(block) ? CrashWorkload.outputs(block).size() : 0;
        }
        return count;
    }

    /** Deliveries that committed but whose line the kill cut off. */
    private long unprintedDeliveries() {
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), Clock.systemUTC())) {
            assertEquals(0, store.outbox().depth(), "the last run drains the outbox");
            long retired = store.database().read("counting retired ids",
                    connection -> SqliteDatabase.queryLong(connection, "SELECT COUNT(*) FROM retired_message_id"));
            return retired - delivered.size();
        }
    }

    private static boolean isQueued(SqliteStore store, String id) {
        return store.outbox().pending(Integer.MAX_VALUE).stream().anyMatch(message -> message.id().equals(id));
    }

    private static boolean isRetired(SqliteStore store, String id) {
        return store.database().read("looking up a retired id", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM retired_message_id WHERE message_id = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }
}
