package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.LogFile;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forward migrations are applied at open, keep the data, and a file from a newer schema is refused untouched. */
class SchemaMigrationsTest {

    @TempDir
    Path stateDirectory;

    private final ManualClock clock = new ManualClock();

    private static final Migration ADD_NOTE = new Migration(2, "dead letters get a note",
            List.of("ALTER TABLE dead_letter ADD COLUMN note TEXT", "UPDATE dead_letter SET note = 'migrated'"));

    private static List<Migration> withAddNote() {
        List<Migration> migrations = new ArrayList<>(SchemaMigrations.ALL);
        migrations.add(new Migration(SchemaMigrations.ALL.size() + 1, ADD_NOTE.description(), ADD_NOTE.statements()));
        return migrations;
    }

    private static List<Integer> allUpTo(int version) {
        return java.util.stream.IntStream.rangeClosed(1, version).boxed().toList();
    }

    @Test
    void aFileAtAnOlderVersionIsMigratedForwardKeepingItsData() {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        try (SqliteStore store = SqliteStore.open(config, clock)) {
            store.receiverLog().append(List.of(new LogRecord(1, new byte[] {1})));
            store.deadLetters().record("mqtt", "t", new byte[] {2}, "bad");
        }
        int newVersion = SchemaMigrations.ALL.size() + 1;
        try (SqliteStore store = SqliteStore.open(config, clock, withAddNote())) {
            assertEquals(1, store.receiverLog().lastSequence());
            assertEquals(allUpTo(newVersion), versions(store));
            assertEquals("migrated", queryString(store, "SELECT note FROM dead_letter"));
        }
        assertEquals(1, LogFile.linesContaining("migrated " + config.databaseFile() + " to schema version "
                + newVersion).size());
        try (SqliteStore store = SqliteStore.open(config, clock, withAddNote())) {
            assertEquals(allUpTo(newVersion), versions(store), "nothing applied twice");
        }
    }

    @Test
    void aFileFromANewerSchemaIsRefusedAndLeftAlone() {
        StoreConfig config = StoreConfig.defaults(stateDirectory);
        SqliteStore.open(config, clock, withAddNote()).close();
        StoreException error = assertThrows(StoreException.class, () -> SqliteStore.open(config, clock));
        assertTrue(error.getMessage().contains("knows only up to " + SchemaMigrations.ALL.size()), error.getMessage());
        assertTrue(Files.exists(config.databaseFile()), "not moved aside: it is not corrupted");
        try (SqliteStore store = SqliteStore.open(config, clock, withAddNote())) {
            assertEquals(SchemaMigrations.ALL.size() + 1, versions(store).size());
        }
    }

    @Test
    void migrationsMustBeNumberedWithoutGaps() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SchemaMigrations(List.of(ADD_NOTE), clock::millis));
        assertTrue(error.getMessage().contains("must have version 1"), error.getMessage());
    }

    private static List<Integer> versions(SqliteStore store) {
        return store.database().read("versions", connection -> {
            List<Integer> versions = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
                while (rows.next()) {
                    versions.add(rows.getInt(1));
                }
            }
            return versions;
        });
    }

    private static String queryString(SqliteStore store, String sql) {
        return store.database().read("query", connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getString(1);
            }
        });
    }
}
