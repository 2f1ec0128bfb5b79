package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.StoreCounters.Counter.STATE_LOST;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogFile;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StateLoss;
import dev.rivulet.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that opens fine but holds less than it had committed — emptied, its {@code -wal} overwritten or
 * lost — is said, never taken silently for a first start: the marker beside it remembers what was committed.
 */
class StateLossTest {

    @TempDir
    Path stateDirectory;

    private final ManualClock clock = new ManualClock();

    @Test
    void aFirstStartAndOrdinaryRestartsLoseNothing() {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        commitBatches(config, 1, 5);
        commitBatches(config, 6, 10);
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            assertFalse(store.stateLoss().isPresent());
            assertEquals(0, store.counters().get(STATE_LOST));
            assertEquals(10, store.checkpoints().latest().orElseThrow().checkpoint().batchTime());
        }
    }

    /**
     * What tells one database from another (a file swapped for another gateway's is state lost too) is a random
     * identity each new file gets once: real files in two directories get two, and reopening keeps its own.
     */
    @Test
    void eachNewDatabaseGetsAnIdentityOfItsOwnAndKeepsIt() throws Exception {
        Path other = Files.createDirectories(stateDirectory.resolve("other"));
        commitBatches(StoreConfig.defaults(stateDirectory), 1, 2);
        commitBatches(StoreConfig.defaults(other), 1, 2);
        long first = databaseId(StoreConfig.defaults(stateDirectory).databaseFile());
        long second = databaseId(StoreConfig.defaults(other).databaseFile());
        assertNotEquals(0, first);
        assertNotEquals(0, second);
        assertNotEquals(first, second);
        commitBatches(StoreConfig.defaults(stateDirectory), 3, 4);
        assertEquals(first, databaseId(StoreConfig.defaults(stateDirectory).databaseFile()));

        // All 64 bits are random: over 200 identities each bit is seen both set and clear.
        long seenSet = 0;
        long seenClear = 0;
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long id = SqliteFileOpener.randomId();
            ids.add(id);
            seenSet |= id;
            seenClear |= ~id;
        }
        assertEquals(200, ids.size());
        assertEquals(-1L, seenSet);
        assertEquals(-1L, seenClear);
    }

    private static long databaseId(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            return SqliteDatabase.readMeta(connection, StateMarker.DATABASE_ID_KEY, 0);
        }
    }

    @Test
    void aDatabaseEmptiedToZeroBytesIsStateLost() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        commitBatches(config, 1, 5);
        Path file = stateDirectory.resolve("rivulet.db");
        Files.write(file, new byte[0]);

        StateLoss loss = reopenExpectingLoss(config);
        assertTrue(loss.description().contains("batch time 5"), loss.description());
        assertTrue(loss.description().contains("is empty"), loss.description());
        assertEquals(0, Files.size(loss.keptAt()), "the emptied file is kept as it was found");
    }

    @Test
    void aWalOverwrittenWithGarbageIsStateLost() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        commitBatches(config, 1, 3);
        checkpointWalIntoFile(config);
        // Batches 4..8 live only in the -wal: hold the connection open while the file is copied, so it stays.
        byte[] garbage = new byte[64 * 1024];
        Arrays.fill(garbage, (byte) 0x5A);
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            commit(store, 4, 8);
            Path copy = stateDirectory.resolve("copy");
            Files.createDirectories(copy);
            Files.copy(stateDirectory.resolve("rivulet.db"), copy.resolve("rivulet.db"));
            Files.copy(stateDirectory.resolve("rivulet.db.state"), copy.resolve("rivulet.db.state"));
            Files.write(copy.resolve("rivulet.db-wal"), garbage);
            StateLoss loss = reopenExpectingLoss(StoreConfig.defaults(copy));
            assertTrue(loss.description().contains("batch time 3"), loss.description());
            assertTrue(loss.description().contains("batch time 8"), loss.description());
            assertArrayEquals(garbage, Files.readAllBytes(Path.of(loss.keptAt() + "-wal")),
                    "the damaged -wal is kept aside as it was found");
        }
    }

    @Test
    void aWalLostWhileTheStateLivedOnlyThereIsStateLost() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            commit(store, 1, 6);
            // A power cut right after the -wal was deleted: the main file alone is what the next start finds.
            Path copy = stateDirectory.resolve("copy");
            Files.createDirectories(copy);
            Files.copy(stateDirectory.resolve("rivulet.db"), copy.resolve("rivulet.db"));
            Files.copy(stateDirectory.resolve("rivulet.db.state"), copy.resolve("rivulet.db.state"));
            StateLoss loss = reopenExpectingLoss(StoreConfig.defaults(copy));
            assertTrue(loss.description().contains("batch time 6"), loss.description());
        }
    }

    @Test
    void aLossIsSaidOnceAndTheNextStartTakesTheStateAsItNowIs() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        commitBatches(config, 1, 5);
        Files.write(stateDirectory.resolve("rivulet.db"), new byte[0]);
        reopenExpectingLoss(config);
        clock.advance(Duration.ofSeconds(1));
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            assertFalse(store.stateLoss().isPresent());
        }
    }

    @Test
    void anUnreadableMarkerIsWarnedOfAndReplaced() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        commitBatches(config, 1, 2);
        Files.writeString(stateDirectory.resolve("rivulet.db.state"), "\u0000\u0001 not a marker");
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            assertFalse(store.stateLoss().isPresent());
        }
        assertTrue(Files.readString(stateDirectory.resolve("rivulet.db.state")).contains("batch-time=2"));
        assertEquals(1, LogFile.linesContaining(stateDirectory.resolve("rivulet.db.state") + " cannot be read").size());
    }

    private StateLoss reopenExpectingLoss(StoreConfig config) {
        clock.advance(Duration.ofSeconds(1));
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            StateLoss loss = store.stateLoss().orElseThrow(() -> new AssertionError("no state loss reported"));
            assertEquals(1, store.counters().get(STATE_LOST));
            assertTrue(Files.exists(loss.keptAt()), "the files as found are kept at " + loss.keptAt());
            List<String> lines = LogFile.linesContaining(loss.keptAt().toString());
            assertFalse(lines.isEmpty(), "an error names the kept files");
            assertTrue(lines.get(0).contains("ERROR"), lines.get(0));
            // The store goes on with what it has: still working.
            long next = store.receiverLog().append(List.of(new LogRecord(1, new byte[] {1})));
            store.checkpoints().commit(Checkpoint.of(100, next, Map.of("s", new byte[] {1})), List.of());
            return loss;
        }
    }

    private void commitBatches(StoreConfig config, long from, long to) {
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            commit(store, from, to);
        }
    }

    private void commit(SqliteStore store, long from, long to) {
        for (long batch = from; batch <= to; batch++) {
            clock.advance(Duration.ofSeconds(1));
            long sequence = store.receiverLog().append(List.of(new LogRecord(batch, new byte[] {(byte) batch})));
            store.checkpoints().commit(Checkpoint.of(batch, sequence, Map.of("state", new byte[] {(byte) batch})),
                    List.of());
        }
    }

    private void checkpointWalIntoFile(StoreConfig config) {
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            store.database().read("checkpointing the WAL into the file", connection -> {
                connection.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
                return null;
            });
        }
    }
}
