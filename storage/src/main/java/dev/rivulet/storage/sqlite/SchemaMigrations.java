package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * The schema as a list of forward migrations, applied at open. A file written by a newer Rivulet (a version we do
 * not know) is refused rather than touched: a downgrade must never damage data.
 */
final class SchemaMigrations {

    /**
     * The schema, one step per version. Never edit a released step; add a new one.
     *
     * <p>No AUTOINCREMENT: it writes the {@code sqlite_sequence} page in every transaction (SD-card wear), and
     * plain rowids already grow past every existing row, which is all the orderings here need. The log's
     * sequence numbers, which must never be reused, are kept in {@code store_meta} instead.
     */
    static final List<Migration> ALL = List.of(
            new Migration(1, "receiver log, checkpoints, outbox, dead letters", List.of(
                    "CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                    "CREATE TABLE receiver_log (last_seq INTEGER PRIMARY KEY, first_seq INTEGER NOT NULL, "
                            + "appended_at INTEGER NOT NULL, records INTEGER NOT NULL, bytes INTEGER NOT NULL, "
                            + "crc32 INTEGER NOT NULL, data BLOB NOT NULL)",
                    "CREATE TABLE checkpoint (id INTEGER PRIMARY KEY, batch_time INTEGER NOT NULL, "
                            + "log_seq INTEGER NOT NULL, created_at INTEGER NOT NULL, blob_count INTEGER NOT NULL)",
                    "CREATE TABLE checkpoint_blob (checkpoint_id INTEGER NOT NULL, name TEXT NOT NULL, "
                            + "crc32 INTEGER NOT NULL, length INTEGER NOT NULL, data BLOB NOT NULL, "
                            + "UNIQUE (checkpoint_id, name))",
                    "CREATE TABLE outbox (seq INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, "
                            + "topic TEXT NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL, "
                            + "retained INTEGER NOT NULL, created_at INTEGER NOT NULL)",
                    "CREATE TABLE retired_message_id (seq INTEGER PRIMARY KEY, "
                            + "message_id TEXT NOT NULL UNIQUE, outcome TEXT NOT NULL, retired_at INTEGER NOT NULL)",
                    "CREATE TABLE dead_letter (id INTEGER PRIMARY KEY, recorded_at INTEGER NOT NULL, "
                            + "source TEXT NOT NULL, topic TEXT, raw BLOB NOT NULL, raw_length INTEGER NOT NULL, "
                            + "reason TEXT NOT NULL)")),
            new Migration(2, "delivery marks: the MQTT messages logged blocks held, to recognise redeliveries", List.of(
                    "CREATE TABLE delivery_mark (source TEXT NOT NULL, packet_id INTEGER NOT NULL, "
                            + "payload_hash INTEGER NOT NULL, PRIMARY KEY (source, packet_id)) WITHOUT ROWID")),
            new Migration(3, "admitted keys: the keys a source with max-keys took, to count them after a restart", List.of(
                    "CREATE TABLE admitted_key (source TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (source, key))"
                            + " WITHOUT ROWID")),
            new Migration(4, "file marks: how far a directory source read each file, to go on after a restart", List.of(
                    "CREATE TABLE file_mark (source TEXT NOT NULL, file TEXT NOT NULL, modified INTEGER NOT NULL, line INTEGER NOT NULL, "
                            + "reading INTEGER NOT NULL, complete INTEGER NOT NULL, PRIMARY KEY (source, file))"
                            + " WITHOUT ROWID")));

    private final List<Migration> migrations;
    private final LongSupplier millis;

    SchemaMigrations(List<Migration> migrations, LongSupplier millis) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migration " + i + " must have version " + (i + 1)
                        + ", has " + migrations.get(i).version());
            }
        }
        this.migrations = List.copyOf(migrations);
        this.millis = millis;
    }

    /** The newest version this code knows. */
    int latestVersion() {
        return migrations.size();
    }

    /** The version of the file, 0 for a new file. */
    static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    + "description TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
        return (int) SqliteDatabase.queryLong(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    }

    /**
     * Applies every step after the file's version, each in its own transaction.
     *
     * @return how many steps were applied
     */
    int migrate(Connection connection, String fileName) throws SQLException {
        int current = currentVersion(connection);
        if (current > latestVersion()) {
            throw new StoreException(fileName + " has schema version " + current + " but this Rivulet knows only up to "
                    + latestVersion() + "; run a newer Rivulet or move the file away");
        }
        for (Migration migration : migrations.subList(current, migrations.size())) {
            apply(connection, migration);
            Logger.info("Storage: migrated {} to schema version {} ({})", fileName, migration.version(),
                    migration.description());
        }
        return latestVersion() - current;
    }

    private void apply(Connection connection, Migration migration) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                try (PreparedStatement record = connection.prepareStatement(
                        "INSERT INTO schema_version(version, description, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, migration.version());
                    record.setString(2, migration.description());
                    record.setLong(3, millis.getAsLong());
                    record.executeUpdate();
                }
                statement.execute("COMMIT");
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }
}
