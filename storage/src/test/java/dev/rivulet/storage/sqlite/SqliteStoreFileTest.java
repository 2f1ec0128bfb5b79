package dev.rivulet.storage.sqlite;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.AdmittedKey;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreException;
import dev.rivulet.storage.SyncMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a real file can show: settings, and everything surviving a close and reopen. */
class SqliteStoreFileTest {

    @TempDir
    Path stateDirectory;

    private final ManualClock clock = new ManualClock();

    private static OutboxMessage message(String id) {
        return new OutboxMessage(id, "up/summary", id.getBytes(UTF_8), 1, true);
    }

    @Test
    void theDatabaseIsOneFileInTheStateDirectoryInWalModeWithTheConfiguredSettings() {
        Path nested = stateDirectory.resolve("state");
        try (SqliteStore store = SqliteStore.open(StoreConfig.builder(nested).synchronous(SyncMode.NORMAL).build(),
                clock)) {
            assertEquals(nested.resolve("rivulet.db"), store.file());
            assertTrue(Files.isRegularFile(store.file()));
            assertEquals("wal", pragma(store, "journal_mode"));
            assertEquals("1", pragma(store, "synchronous"), "NORMAL is 1");
            assertEquals("5000", pragma(store, "busy_timeout"));
            assertEquals("4096", pragma(store, "page_size"));
            assertEquals("-512", pragma(store, "cache_size"), "a page cache of 512 KiB, not SQLite's 2 MiB");
            assertTrue(store.sizeOnDiskBytes() > 0);
        }
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(nested), clock)) {
            assertEquals("2", pragma(store, "synchronous"), "FULL is 2, the default");
        }
    }

    @Test
    void everythingSurvivesAReopen() {
        StoreConfig config = StoreConfig.builder(stateDirectory).outboxMaxMessages(2).build();
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1}), new LogRecord(1000, new byte[] {2})),
                    new BlockMarks(List.of(new DeliveryMark("doors", 5, 55)), List.of(new AdmittedKey("doors", "bus-5")),
                            List.of(new FileMark("files", "a.json", 500, 7, 2, true))));
            store.checkpoints().commit(Checkpoint.of(1000, 1, Map.of("s", new byte[] {9})),
                    List.of(message("a"), message("b"), message("c")));
            store.outbox().markDelivered("c");
            store.deadLetters().record("mqtt", "t", new byte[] {7}, "bad");
        }
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            assertEquals(2, store.receiverLog().lastSequence());
            assertEquals(3, store.receiverLog().append(List.of(new LogRecord(2000, new byte[] {3}))));
            assertEquals(List.of(2L, 3L), store.receiverLog().readAfter(0).stream().map(r -> r.sequence()).toList());
            assertEquals(1, store.checkpoints().latest().orElseThrow().checkpoint().logSequence());
            assertEquals(List.of("b"), store.outbox().pending(10).stream().map(OutboxMessage::id).toList());
            assertTrue(store.outbox().pending(1).get(0).retained());
            assertEquals(1, store.outbox().droppedUnreported(), "a was dropped when c came in");
            assertEquals(2, store.outbox().enqueue(List.of(message("a"), message("c"))).skipped());
            assertEquals(1, store.deadLetters().count());
            assertEquals(List.of(new DeliveryMark("doors", 5, 55)), store.receiverLog().deliveryMarks());
            assertEquals(List.of(new AdmittedKey("doors", "bus-5")), store.receiverLog().admittedKeys());
            assertEquals(List.of(new FileMark("files", "a.json", 500, 7, 2, true)), store.receiverLog().fileMarks());
        }
    }

    @Test
    void aClosedStoreRefusesWork() {
        SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), clock);
        store.close();
        StoreException error = assertThrows(StoreException.class, () -> store.receiverLog().lastSequence());
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
    }

    static String pragma(SqliteStore store, String name) {
        return store.database().read("pragma", connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA " + name)) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
