package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.StoreCounters.Counter.CORRUPT_FILES_MOVED_ASIDE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogFile;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StoreConfig;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupted file is moved aside with its -wal and -shm and a fresh store starts: never a crash loop. */
class CorruptFileTest {

    @TempDir
    Path stateDirectory;

    private final ManualClock clock = new ManualClock();

    @Test
    void aFileOfGarbageIsMovedAsideWithItsWalAndShm() throws IOException {
        Path file = stateDirectory.resolve("rivulet.db");
        byte[] garbage = new byte[8192];
        Arrays.fill(garbage, (byte) 0x5A);
        Files.write(file, garbage);
        Files.write(Path.of(file + "-wal"), garbage);
        Files.write(Path.of(file + "-shm"), garbage);

        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), clock)) {
            assertFreshAndWorking(store);
            assertEquals(1, store.counters().get(CORRUPT_FILES_MOVED_ASIDE));
        }
        Path movedAside = stateDirectory.resolve("rivulet.db.corrupt-20260101T000000Z");
        assertArrayEquals(garbage, Files.readAllBytes(movedAside));
        assertArrayEquals(garbage, Files.readAllBytes(Path.of(movedAside + "-wal")));
        // The -shm is only an index SQLite rebuilds (and rewrites through memory mapping): it just moves along.
        assertTrue(Files.exists(Path.of(movedAside + "-shm")));
        List<String> lines = LogFile.linesContaining(movedAside.toString());
        assertEquals(1, lines.size(), "one log line names the moved file");
        assertTrue(lines.get(0).contains("is corrupted"), lines.get(0));
    }

    @Test
    void damagedPagesInAValidFileAreFoundByTheQuickCheck() throws IOException {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            for (int block = 0; block < 20; block++) {
                store.receiverLog().append(List.of(new LogRecord(block, new byte[2000]), new LogRecord(block, new byte[2000])));
            }
            store.database().read("checkpointing the WAL into the file", connection -> {
                connection.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
                return null;
            });
        }
        try (RandomAccessFile raw = new RandomAccessFile(stateDirectory.resolve("rivulet.db").toFile(), "rw")) {
            // Page 1 holds the header and the schema; scribble over the b-tree pages after it.
            byte[] scribble = new byte[4096 * 4];
            Arrays.fill(scribble, (byte) 0xFF);
            raw.seek(4096 * 2);
            raw.write(scribble);
        }
        clock.advance(java.time.Duration.ofSeconds(1));
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            assertFreshAndWorking(store);
            assertEquals(1, store.counters().get(CORRUPT_FILES_MOVED_ASIDE));
        }
        assertTrue(Files.exists(stateDirectory.resolve("rivulet.db.corrupt-20260101T000001Z")));
    }

    @Test
    void aSecondCorruptionAtTheSameSecondGetsItsOwnName() throws IOException {
        Path file = stateDirectory.resolve("rivulet.db");
        Files.writeString(file, "not a database, first");
        SqliteStore.open(StoreConfig.defaults(stateDirectory), clock).close();
        Files.delete(file);
        Files.writeString(file, "not a database, second");
        SqliteStore.open(StoreConfig.defaults(stateDirectory), clock).close();
        assertEquals("not a database, first",
                Files.readString(stateDirectory.resolve("rivulet.db.corrupt-20260101T000000Z")));
        assertEquals("not a database, second",
                Files.readString(stateDirectory.resolve("rivulet.db.corrupt-20260101T000000Z-2")));
    }

    private static void assertFreshAndWorking(SqliteStore store) {
        assertEquals(0, store.receiverLog().lastSequence());
        assertFalse(store.checkpoints().latest().isPresent());
        assertEquals(1, store.receiverLog().append(List.of(new LogRecord(1, new byte[] {1}))));
        store.checkpoints().commit(Checkpoint.of(1, 1, Map.of("s", new byte[] {1})), List.of());
        assertEquals(1, store.checkpoints().latest().orElseThrow().checkpoint().batchTime());
    }
}
