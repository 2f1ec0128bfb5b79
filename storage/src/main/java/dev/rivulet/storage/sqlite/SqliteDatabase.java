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

    static final int SQLITE_IOERR = 10;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_NOTADB = 26;

    /**
     * Space left alone on a disk with little room: SQLite's {@code -shm} index grows with the {@code -wal} file,
     * the state marker is rewritten beside the database, and the estimate of a transaction's pages is rough.
     */
    static final long RESERVE_BYTES = 64 * 1024;

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

    /** Runs {@code work} in one write transaction that adds few bytes (a delete, a mark): see the other form. */
    <T> T inTransaction(String what, SqlWork<T> work) {
        return inTransaction(what, 0, work);
    }

    /**
     * Runs {@code work} in one write transaction: all of it commits or none of it does.
     *
     * <p>On a disk with little room, nothing is written before SQLite's write-ahead file ({@code -wal}) has been
     * copied into the database and truncated, and a transaction adding more than {@link #room()} ({@code bytes}:
     * about what its rows hold) is refused up front with a {@link StoreFullException}: its pages go to the
     * {@code -wal} file first and into the database at the next copy, which needs room for both. A transaction
     * that commits without that room leaves a {@code -wal} file that can never be copied, and every later write,
     * a delete included, appends to it: the store would have written itself into a corner that only much more
     * freed space gets it out of. When a write still finds the disk full, the space its rolled-back pages took in
     * the {@code -wal} file is given back, and it is tried once more if that made room for it.
     */
    <T> T inTransaction(String what, long bytes, SqlWork<T> work) {
        lock.lock();
        try {
            ensureOpen();
            walFirst(what);
            refuseBeyondRoom(what, bytes);
            T result;
            try {
                result = transaction(work);
            } catch (SQLException e) {
                if (!isFull(e) || reclaimWalFile() != Reclaim.TRUNCATED || bytes > room()) {
                    throw translate(what, e);
                }
                try {
                    result = transaction(work);
                } catch (SQLException again) {
                    if (isFull(again)) {
                        reclaimWalFile();
                    }
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

    /**
     * On a disk with little room, copies a {@code -wal} file left over (by a write that failed, or the last
     * copy that did not fit) into the database before anything else is written; when it still does not fit,
     * writes nothing at all, so that space freed on the disk goes to that copy first instead of to more pages
     * in the {@code -wal} file.
     */
    private void walFirst(String what) {
        long wal = sizeOf(walFile());
        if (wal == 0 || !diskNearlyFull() || reclaimWalFile() != Reclaim.NO_ROOM) {
            return;
        }
        counters.increment(StoreCounters.Counter.STORE_FULL_ERRORS);
        throw new StoreFullException(what + " refused: the disk under " + file + " has no room to copy its -wal file ("
                + wal / 1024 + " kB) into the database, which comes first; free space on that disk. Nothing was"
                + " written", null);
    }

    private void refuseBeyondRoom(String what, long bytes) {
        if (bytes == 0) {
            return;
        }
        if (bytes > room()) {
            throw refused(what, bytes);
        }
    }

    /** A write of about {@code bytes} refused for want of room, counted; the caller throws it. */
    StoreFullException refused(String what, long bytes) {
        counters.increment(StoreCounters.Counter.STORE_FULL_ERRORS);
        return new StoreFullException(what + " refused: it needs about " + kilobytes(bytes) + " on the disk under "
                + file + ", which has room for " + kilobytes(room()) + " in one transaction now (its pages must"
                + " fit the -wal file and then the database); free space on that disk. Nothing was written", null);
    }

    private static String kilobytes(long bytes) {
        return (bytes + 1023) / 1024 + " kB";
    }

    /**
     * About how many bytes of rows one transaction may add now and still leave room to copy the {@code -wal} file
     * into the database and truncate it afterwards; {@code Long.MAX_VALUE} when the free space cannot be told.
     *
     * <p>The pages a transaction writes take space twice: in the {@code -wal} file ({@code W}), then in the
     * database file at the copy, which grows by the pages it does not find free inside ({@code G}, at most
     * {@code W}). So {@code W + G} must fit the usable space, less {@link #RESERVE_BYTES} and twice what the
     * {@code -wal} file holds already (its pages need the same copy). Rows take up to half as much again as
     * their bytes in pages (b-tree pages never full, index entries).
     */
    long room() {
        if (disk == null) {
            return Long.MAX_VALUE;
        }
        long usable;
        try {
            usable = disk.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
        long available = usable - RESERVE_BYTES - 2 * sizeOf(walFile());
        if (available <= 0) {
            return 0;
        }
        long freeInside = freePagesInside();
        long walBytes = Math.min(available, (available + freeInside) / 2);
        return walBytes * 2 / 3;
    }

    /** Bytes of the database file's free pages, which a transaction reuses before the file grows. */
    private long freePagesInside() {
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("PRAGMA freelist_count")) {
            long pages = count.next() ? count.getLong(1) : 0;
            try (ResultSet size = statement.executeQuery("PRAGMA page_size")) {
                return pages * (size.next() ? size.getLong(1) : 0);
            }
        } catch (SQLException e) {
            return 0;
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

    /** What {@link #reclaimWalFile()} did. */
    private enum Reclaim {
        /** The {@code -wal} file is smaller now (empty, unless a reader held part of it). */
        TRUNCATED,
        /** Nothing to do, or another connection held the file. */
        UNCHANGED,
        /** The copy into the database needs more room than the disk has. */
        NO_ROOM
    }

    /**
     * Copies the {@code -wal} file into the database and truncates it to zero bytes. Fails quietly: with no room
     * at all even the copy may not fit, and the next write tries again. Not a risk to durability: it runs between
     * transactions, and a power cut during it leaves a -wal file that the next open copies again.
     */
    private Reclaim reclaimWalFile() {
        Path wal = walFile();
        long before = sizeOf(wal);
        if (before == 0) {
            return Reclaim.UNCHANGED;
        }
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            boolean blocked = row.next() && row.getInt(1) != 0;
            long after = sizeOf(wal);
            if (blocked || after >= before) {
                return Reclaim.UNCHANGED;
            }
            counters.increment(StoreCounters.Counter.WAL_FILE_TRUNCATIONS);
            Logger.debug("Storage: copied the -wal file of {} into the database and truncated it ({} bytes freed)",
                    file, before - after);
            return Reclaim.TRUNCATED;
        } catch (SQLException e) {
            Logger.debug("Storage: copying the -wal file of {} into the database failed: {}", file, e.getMessage());
            // A copy that cannot grow the database file fails as full, or as an I/O error where the file system says so.
            return isFull(e) || (e.getErrorCode() & 0xff) == SQLITE_IOERR ? Reclaim.NO_ROOM : Reclaim.UNCHANGED;
        }
    }

    private Path walFile() {
        return Path.of(file + "-wal");
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
        return sizeOf(file) + sizeOf(walFile());
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
