package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.StoreCorruptException;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreException;
import dev.rivulet.storage.StoreFullException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

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
    private final long walGrowthBytes;
    private FileStore disk;
    private boolean closed;

    /**
     * @param walGrowthBytes how large the {@code -wal} file may grow between automatic checkpoints
     *                       ({@code storage.wal-autocheckpoint} pages); with less room than twice this left on
     *                       the disk, every commit copies it into the database and truncates it
     */
    SqliteDatabase(Connection connection, Path file, StoreCounters counters, long walGrowthBytes) {
        this.connection = connection;
        this.file = file;
        this.counters = counters;
        this.walGrowthBytes = walGrowthBytes;
        try {
            this.disk = Files.getFileStore(file);
        } catch (IOException e) {
            Logger.warn("Storage: cannot tell the free space of the disk under {} ({}); the -wal file is truncated"
                    + " only when a write finds the disk full", file, e.getMessage());
        }
    }

    /**
     * Runs {@code work} in one write transaction: all of it commits or none of it does. When the disk is full,
     * SQLite's own write-ahead file ({@code -wal}) is copied into the database and truncated, and the work is
     * tried once more: that file only grows between checkpoints (up to {@code storage.wal-autocheckpoint}
     * pages, more than a small disk holds), so space freed on the disk or by deleted rows is otherwise eaten
     * by it again, and even a delete, which appends its pages to it, keeps failing.
     */
    <T> T inTransaction(String what, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            T result;
            try {
                result = transaction(work);
            } catch (SQLException e) {
                if (!isFull(e) || !reclaimWalFile()) {
                    throw translate(what, e);
                }
                try {
                    result = transaction(work);
                } catch (SQLException again) {
                    throw translate(what, again);
                }
            }
            if (diskNearlyFull()) {
                reclaimWalFile();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    private <T> T transaction(SqlWork<T> work) throws SQLException {
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
        }
    }

    /**
     * Copies the {@code -wal} file into the database and truncates it to zero bytes; true when that made it
     * smaller. Fails quietly: with no room at all even the copy may not fit, and the next write tries again.
     * Not a risk to durability: it runs between transactions, and a power cut during it leaves a -wal file
     * that the next open copies again.
     */
    private boolean reclaimWalFile() {
        Path wal = Path.of(file + "-wal");
        long before = sizeOf(wal);
        if (before == 0) {
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            boolean blocked = row.next() && row.getInt(1) != 0;
            long after = sizeOf(wal);
            if (blocked || after >= before) {
                return false;
            }
            counters.increment(StoreCounters.Counter.WAL_FILE_TRUNCATIONS);
            Logger.debug("Storage: copied the -wal file of {} into the database and truncated it ({} bytes freed)",
                    file, before - after);
            return true;
        } catch (SQLException e) {
            Logger.debug("Storage: truncating the -wal file of {} failed too: {}", file, e.getMessage());
            return false;
        }
    }

    /**
     * Whether the disk has less room than the {@code -wal} file may take: then it must not grow, or it holds the
     * space its own checkpoint needs to copy it into the database, and neither can go on once the disk fills.
     */
    private boolean diskNearlyFull() {
        if (disk == null) {
            return false;
        }
        try {
            return disk.getUsableSpace() < 2 * walGrowthBytes;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isFull(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return (e.getErrorCode() & 0xff) == SQLITE_FULL || message.contains("disk is full")
                || message.contains("No space left");
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
        if (isFull(e)) {
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
