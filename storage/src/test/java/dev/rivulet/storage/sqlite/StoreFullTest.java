package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.StoreCounters.Counter.STORE_FULL_ERRORS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreFullException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, simulated with a size limit ({@code PRAGMA max_page_count}): the write fails as a whole with
 * {@link StoreFullException}, reads keep working, and writing resumes once room is freed.
 */
class StoreFullTest {

    @TempDir
    Path stateDirectory;

    private static List<LogRecord> block(int batch) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(new LogRecord(batch, new byte[1000]));
        }
        return records;
    }

    @Test
    void aFullDiskFailsTheWholeWriteWithASpecificExceptionAndWritingResumesWhenRoomReturns() {
        StoreConfig config = StoreConfig.builder(stateDirectory).maxPageCount(64).build();
        try (SqliteStore store = SqliteStore.open(config, new ManualClock())) {
            long lastGood = 0;
            StoreFullException full = null;
            for (int batch = 0; batch < 1000 && full == null; batch++) {
                try {
                    lastGood = store.receiverLog().append(block(batch));
                } catch (StoreFullException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "the size limit was reached");
            assertTrue(full.getMessage().contains("full"), full.getMessage());
            assertEquals(lastGood, store.receiverLog().lastSequence(), "nothing of the failed block was written");
            assertEquals(lastGood, store.receiverLog().readAfter(0).size());

            long covered = lastGood;
            assertThrows(StoreFullException.class, () -> store.checkpoints().commit(
                    Checkpoint.of(1, covered, Map.of("state", new byte[300_000])),
                    List.of(new OutboxMessage("m1", "t", new byte[1], 1, false))));
            assertTrue(store.checkpoints().latest().isEmpty(), "the failed checkpoint is not half there");
            assertEquals(0, store.outbox().depth(), "nor its outbox message");
            assertEquals(2, store.counters().get(STORE_FULL_ERRORS));

            // Space returns (here: the log is pruned); the same kind of writes work again.
            store.receiverLog().pruneThrough(lastGood);
            assertEquals(lastGood + 10, store.receiverLog().append(block(1000)));
            store.checkpoints().commit(Checkpoint.of(1000, lastGood + 10, Map.of("state", new byte[1000])),
                    List.of(new OutboxMessage("m1", "t", new byte[1], 1, false)));
            assertEquals(1000, store.checkpoints().latest().orElseThrow().checkpoint().batchTime());
            assertEquals(1, store.outbox().depth());
        }
    }
}
