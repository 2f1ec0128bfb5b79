package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.StoreCorruptException;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreException;
import dev.rivulet.storage.StoreFullException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one connection to the database file and the lock around it. SQLite has a single writer, so one connection
 * serialised by one lock is both the simplest and the fastest choice; it also makes every transaction see the
 * results of the previous one without any isolation subtleties.
 */
final class SqliteDatabase implements AutoCloseable {

    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_NOTADB = 26;

    private final Connection connection;
    private final Path file;
    private final StoreCounters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    SqliteDatabase(Connection connection, Path file, StoreCounters counters) {
        this.connection = connection;
        this.file = file;
        this.counters = counters;
    }

    /** Runs {@code work} in one write transaction: all of it commits or none of it does. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            try (Statement statement = connection.createStatement()) {
                // IMMEDIATE takes the write lock up front, so a second process fails fast on the busy timeout
                // instead of in the middle of the work.
                statement.execute("BEGIN IMMEDIATE");
                T result;
                try {
                    result = work.run(connection);
                    statement.execute("COMMIT");
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(statement);
                    throw e;
                }
                return result;
            } catch (SQLException e) {
                throw translate(what, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs read-only {@code work} under the lock. */
    <T> T read(String what, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(what, e);
        } finally {
            lock.unlock();
        }
    }

    /** Bytes of the database file and its write-ahead log on disk. */
    long sizeOnDiskBytes() {
        return sizeOf(file) + sizeOf(Path.of(file + "-wal"));
    }

    Path file() {
        return file;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Turns a driver error into the store's exception types, so callers can tell a full disk from the rest. */
    StoreException translate(String what, SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String message = String.valueOf(e.getMessage());
        if (code == SQLITE_FULL || message.contains("disk is full") || message.contains("No space left")) {
            counters.increment(StoreCounters.Counter.STORE_FULL_ERRORS);
            return new StoreFullException(what + " failed: the disk or the size limit of " + file
                    + " is full; nothing of it was written", e);
        }
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
            return new StoreCorruptException(what + " failed: " + file + " is corrupted; close the store and "
                    + "open it again to move the file aside", e);
        }
        return new StoreException(what + " failed on " + file + ": " + message, e);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("the store on " + file + " is closed");
        }
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite may already have rolled back on its own (SQLITE_FULL does); nothing is left to undo.
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                connection.close();
            }
        } catch (SQLException e) {
            throw new StoreException("closing " + file + " failed", e);
        } finally {
            lock.unlock();
        }
    }

    /** The value of a {@code store_meta} key, {@code fallback} when absent. */
    static long readMeta(Connection connection, String key, long fallback) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT value FROM store_meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : fallback;
            }
        }
    }

    /** Sets a {@code store_meta} key. */
    static void writeMeta(Connection connection, String key, long value) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO store_meta(key, value) VALUES (?, ?) "
                        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, key);
            upsert.setLong(2, value);
            upsert.executeUpdate();
        }
    }

    /** The single number a query returns. */
    static long queryLong(Connection connection, String sql, long... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setLong(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** Runs an update and returns how many rows it changed. */
    static int update(Connection connection, String sql, long... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
