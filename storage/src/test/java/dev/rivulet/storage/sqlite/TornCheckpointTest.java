package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.StoreCounters.Counter.CHECKPOINTS_UNREADABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogFile;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoredCheckpoint;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint whose bytes no longer match their checksum is skipped for the previous one. */
class TornCheckpointTest {

    @TempDir
    Path stateDirectory;

    private SqliteStore store;
    private long older;
    private long newer;

    @BeforeEach
    void twoCheckpoints() {
        store = SqliteStore.open(StoreConfig.defaults(stateDirectory), new ManualClock());
        store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1}), new LogRecord(1000, new byte[] {2})));
        older = store.checkpoints().commit(Checkpoint.of(1000, 2, Map.of(
                "counts", new byte[] {10, 11}, "window", new byte[] {12})), List.of()).checkpointId();
        store.receiverLog().append(List.of(new LogRecord(2000, new byte[] {3})));
        newer = store.checkpoints().commit(Checkpoint.of(2000, 3, Map.of(
                "counts", new byte[] {20, 21}, "window", new byte[] {22})), List.of()).checkpointId();
    }

    @Test
    void aBlobFailingItsCrcFallsBackToThePreviousCheckpointWithALogLine() {
        execute("UPDATE checkpoint_blob SET data = X'FFFF' WHERE checkpoint_id = ? AND name = 'counts'", newer);

        StoredCheckpoint loaded = store.checkpoints().latest().orElseThrow();
        assertEquals(older, loaded.id());
        assertArrayEquals(new byte[] {10, 11}, loaded.checkpoint().blobs().get("counts"));
        assertEquals(1, store.counters().get(CHECKPOINTS_UNREADABLE));
        List<String> lines = LogFile.linesContaining("checkpoint " + newer + " (batch time 2000) is unreadable");
        assertTrue(lines.stream().anyMatch(line -> line.contains("blob 'counts'")), lines.toString());

        // The fallback still finds every record it must replay: the log keeps what the oldest checkpoint needs.
        List<LoggedRecord> replay = store.receiverLog().readAfter(loaded.checkpoint().logSequence());
        assertEquals(List.of(3L), replay.stream().map(LoggedRecord::sequence).toList());
        store.close();
    }

    @Test
    void aMissingBlobMakesTheCheckpointUnreadableToo() {
        execute("DELETE FROM checkpoint_blob WHERE checkpoint_id = ? AND name = 'window'", newer);
        assertEquals(older, store.checkpoints().latest().orElseThrow().id());
        assertEquals(1, LogFile.linesContaining("checkpoint " + newer + " (batch time 2000) is unreadable: it "
                + "should have 2 blobs but has 1").size());
        store.close();
    }

    @Test
    void whenNoCheckpointIsReadableTheStoreStartsFromNothing() {
        execute("UPDATE checkpoint_blob SET crc32 = crc32 + 1 WHERE checkpoint_id >= ?", older);
        assertTrue(store.checkpoints().latest().isEmpty());
        assertEquals(2, store.counters().get(CHECKPOINTS_UNREADABLE));
        // Only what the oldest retained checkpoint does not cover is left: the rest is lost with the checkpoints.
        assertEquals(List.of(3L), store.receiverLog().readAfter(0).stream().map(LoggedRecord::sequence).toList());
        store.close();
    }

    private void execute(String sql, long parameter) {
        store.database().inTransaction("damaging a checkpoint", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, parameter);
                return statement.executeUpdate();
            }
        });
    }
}
