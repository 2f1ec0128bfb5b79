package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.StateLoss;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Opens the database file: settings, {@code PRAGMA integrity_check} (or {@code quick_check} on a large file),
 * migrations. A corrupted file is moved aside
 * (with its {@code -wal} and {@code -shm}) and a fresh one is started, once: if the fresh file fails too, the
 * problem is not the file and opening fails with a clear error rather than looping.
 */
final class SqliteFileOpener {

    /** The largest file checked with {@code integrity_check} at open; larger ones get {@code quick_check}. */
    private static final long INTEGRITY_CHECK_MAX_BYTES = 256L * 1024 * 1024;

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** SQLite's page cache per connection, in KiB. */
    static final int PAGE_CACHE_KIB = 512;

    private static final String URANDOM = "/dev/urandom";

    private final StoreConfig config;
    private final Clock clock;
    private final SchemaMigrations migrations;
    private final StoreCounters counters;
    private final StateMarker marker;
    private StateLoss stateLoss;

    SqliteFileOpener(StoreConfig config, Clock clock, SchemaMigrations migrations, StoreCounters counters,
                     StateMarker marker) {
        this.config = config;
        this.clock = clock;
        this.migrations = migrations;
        this.counters = counters;
        this.marker = marker;
    }

    /** What the last {@link #open()} found lost, if anything (the error is logged and counted already). */
    Optional<StateLoss> stateLoss() {
        return Optional.ofNullable(stateLoss);
    }

    /** A checked, migrated connection to the database file. */
    Connection open() {
        Path file = config.databaseFile();
        PrivateFiles.createDirectory(file.getParent());
        try {
            return openChecked(file, true);
        } catch (CorruptFileException e) {
            counters.increment(StoreCounters.Counter.CORRUPT_FILES_MOVED_ASIDE);
            Logger.error("Storage: {} is corrupted ({}); moved it aside to {} and started a fresh, empty database. "
                    + "Its checkpoints, receiver log and outbox are not used.", file, e.getMessage(), e.movedTo);
            try {
                // The corruption is said already (and as its own alert): the fresh file is no second loss.
                return openChecked(file, false);
            } catch (CorruptFileException again) {
                throw new StoreException("a fresh database at " + file + " is reported corrupted too ("
                        + again.getMessage() + "); check the disk and the file system", again);
            }
        }
    }

    private Connection openChecked(Path file, boolean checkMarker) throws CorruptFileException {
        // Here, not in open(): a fresh file after a corrupted one was moved aside is created private too.
        PrivateFiles.prepareDatabase(file);
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            if (checkMarker) {
                // Before the first write: the files kept aside on a loss are as they were found.
                checkAgainstMarker(StateMarker.Progress.of(connection));
            }
            configure(connection);
            String pragma = checkFor(file);
            String check = check(connection, pragma);
            if (!"ok".equals(check)) {
                throw corrupt(file, connection, pragma + ": " + check);
            }
            migrations.migrate(connection, file.toString());
            marker.record(withIdentity(connection));
            return connection;
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xff;
            if (code == SqliteDatabase.SQLITE_CORRUPT || code == SqliteDatabase.SQLITE_NOTADB) {
                throw corrupt(file, connection, e.getMessage());
            }
            closeQuietly(connection);
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private void checkAgainstMarker(StateMarker.Progress found) {
        stateLoss = marker.check(found).orElse(null);
        if (stateLoss != null) {
            counters.increment(StoreCounters.Counter.STATE_LOST);
            Logger.error("Storage: state lost: {}. The files as they were found are kept at {}; the store goes on "
                    + "with what {} holds.", stateLoss.description(), stateLoss.keptAt(), config.databaseFile());
        }
    }

    /** The database's progress, after giving it an identity if it has none yet (a new or pre-marker file). */
    private static StateMarker.Progress withIdentity(Connection connection) throws SQLException {
        if (SqliteDatabase.readMeta(connection, StateMarker.DATABASE_ID_KEY, 0) == 0) {
            long id = 0;
            while (id == 0) {
                id = randomId();
            }
            SqliteDatabase.writeMeta(connection, StateMarker.DATABASE_ID_KEY, id);
        }
        return StateMarker.Progress.of(connection);
    }

    /**
     * 64 random bits for a new database's identity: eight bytes of the kernel's {@code /dev/urandom}, which is what
     * {@code SecureRandom} reads on Linux too, without the JDK's security providers it loads and sets up first
     * (some 80 classes, on the start of every new database: every demo's). {@code SecureRandom} where there is no
     * such file.
     */
    static long randomId() {
        try (InputStream in = new FileInputStream(URANDOM)) {
            byte[] bytes = in.readNBytes(Long.BYTES);
            if (bytes.length == Long.BYTES) {
                long id = 0;
                for (byte b : bytes) {
                    id = id << 8 | (b & 0xff);
                }
                return id;
            }
        } catch (IOException e) {
            // no /dev/urandom to read: SecureRandom finds its own source
        }
        return new SecureRandom().nextLong();
    }

    /**
     * Moves the files aside, then closes the connection. In that order because closing the last connection
     * deletes the {@code -wal} and {@code -shm} files, which are worth keeping to see what went wrong.
     */
    private CorruptFileException corrupt(Path file, Connection connection, String problem) {
        try {
            return new CorruptFileException(problem, moveAside(file));
        } finally {
            closeQuietly(connection);
        }
    }

    private void configure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // page_size only takes effect on a new file, before the first write (switching to WAL is one).
            statement.execute("PRAGMA page_size = " + config.pageSize());
            String mode = queryString(statement, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("journal_mode WAL refused, got " + mode);
            }
            statement.execute("PRAGMA synchronous = " + config.synchronous().name());
            statement.execute("PRAGMA busy_timeout = " + config.busyTimeout().toMillis());
            // A page cache of 512 KiB instead of SQLite's 2 MiB: the gateway appends and reads back recent pages,
            // which the operating system caches anyway. 1.7-2 MB less resident at 1,000 readings/s, the backlog
            // drain's CPU time unchanged (docs/BENCHMARKS.md, "SQLite's page cache").
            statement.execute("PRAGMA cache_size = " + -PAGE_CACHE_KIB);
            statement.execute("PRAGMA wal_autocheckpoint = " + config.walAutocheckpointPages());
            // After a checkpoint, truncate a WAL file that grew past twice the auto-checkpoint size.
            statement.execute("PRAGMA journal_size_limit = " + 2L * config.walAutocheckpointPages() * config.pageSize());
            if (config.maxPageCount() > 0) {
                statement.execute("PRAGMA max_page_count = " + config.maxPageCount());
            }
        }
    }

    /**
     * SQLite's full {@code integrity_check} (which also checks that every index, the UNIQUE ids of the outbox
     * among them, matches its table) costs about what {@code quick_check} does on a database of 64 MB (0.1 s from
     * the page cache, 0.5 s from disk: docs/BENCHMARKS.md); it grows as N log N, so a larger file gets the
     * linear {@code quick_check}.
     */
    private static String checkFor(Path file) {
        try {
            return Files.size(file) <= INTEGRITY_CHECK_MAX_BYTES ? "integrity_check" : "quick_check";
        } catch (IOException e) {
            return "quick_check";
        }
    }

    private static String check(Connection connection, String pragma) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
            while (rows.next() && problems.size() < 5) {
                problems.add(rows.getString(1));
            }
        }
        return String.join("; ", problems);
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private Path moveAside(Path file) {
        String stamp = STAMP.format(clock.instant());
        Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int attempt = 2; Files.exists(target); attempt++) {
            target = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + attempt);
        }
        try {
            for (String suffix : List.of("-wal", "-shm", "")) {
                Path from = Path.of(file + suffix);
                if (Files.exists(from)) {
                    Files.move(from, Path.of(target + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot move the corrupted " + file + " aside to " + target, e);
        }
        return target;
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Already failing; the original error is the one worth reporting.
        }
    }

    /** The file is damaged; the caller moves it aside. */
    private static final class CorruptFileException extends Exception {
        private final transient Path movedTo;

        CorruptFileException(String message, Path movedTo) {
            super(message);
            this.movedTo = movedTo;
        }
    }
}
