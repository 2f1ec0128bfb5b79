package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.ComposedStore;
import dev.rivulet.storage.StateLoss;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.SyncMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.tinylog.Logger;

/**
 * The store in one SQLite file ({@link StoreConfig#databaseFile()}, default {@code rivulet.db} in the state
 * directory), WAL journal mode, one connection. Opening checks the file with {@code PRAGMA quick_check}, moves a
 * corrupted file aside and applies schema migrations.
 */
public final class SqliteStore extends ComposedStore {

    private final SqliteDatabase database;

    private final Optional<StateLoss> stateLoss;

    private SqliteStore(SqliteDatabase database, StoreConfig config, Clock clock, StoreCounters counters,
                        SqliteOutbox outbox, StateMarker marker, Optional<StateLoss> stateLoss) {
        this(database, new SqliteReceiverLog(database, config, counters), config, clock, counters, outbox, marker,
                stateLoss);
    }

    private SqliteStore(SqliteDatabase database, SqliteReceiverLog log, StoreConfig config, Clock clock,
                        StoreCounters counters, SqliteOutbox outbox, StateMarker marker, Optional<StateLoss> stateLoss) {
        super(log, new SqliteCheckpoints(database, log, outbox, config, clock, counters, marker), outbox,
                new SqliteDeadLetters(database, config, clock, counters), counters);
        this.database = database;
        this.stateLoss = stateLoss;
    }

    /**
     * Opens (creating if needed) the database file described by {@code config}.
     *
     * @param clock the time used for ages, pruning and the names of moved-aside files
     * @throws dev.rivulet.storage.StoreException when the file cannot be opened even after moving a corrupted
     *     one aside, or was written by a newer schema
     */
    public static SqliteStore open(StoreConfig config, Clock clock) {
        return open(config, clock, SchemaMigrations.ALL);
    }

    static SqliteStore open(StoreConfig config, Clock clock, List<Migration> migrations) {
        prepareNativeLibraryOnce(config.databaseFile().getParent());
        StoreCounters counters = new StoreCounters();
        SchemaMigrations schema = new SchemaMigrations(migrations, clock::millis);
        Path file = config.databaseFile();
        StateMarker marker = new StateMarker(file, config.synchronous() == SyncMode.FULL, clock);
        SqliteFileOpener opener = new SqliteFileOpener(config, clock, schema, counters, marker);
        SqliteDatabase database = new SqliteDatabase(opener.open(), file, counters,
                (long) config.walAutocheckpointPages() * config.pageSize());
        Logger.info("Storage: opened {} (schema version {}, synchronous {})", file, schema.latestVersion(),
                config.synchronous());
        return new SqliteStore(database, config, clock, counters, new SqliteOutbox(database, config, clock, counters),
                marker, opener.stateLoss());
    }

    /**
     * Does, on the calling thread, the part of opening a store that depends on no state directory: working out which
     * of sqlite-jdbc's native libraries fits this machine (sqlite-jdbc runs {@code uname} in a child process for it)
     * and loading its configuration classes (no date format: {@link org.sqlite.SQLiteConnectionConfig} makes that only
     * when asked for). A gateway calls it on a second thread while the first reads the configuration; a store opens
     * the same without it.
     */
    public static void prepareAhead() {
        SqliteNativeLibrary.platform();
        new SQLiteConfig();
    }

    private static boolean nativeLibraryPrepared;

    /**
     * Before SQLite's native library is first loaded in this process: copies earlier runs of sqlite-jdbc's own
     * unpacking left go (SqliteNativeLeftovers), and the library is loaded from the state directory
     * (SqliteNativeLibrary).
     */
    private static synchronized void prepareNativeLibraryOnce(Path stateDirectory) {
        if (!nativeLibraryPrepared) {
            nativeLibraryPrepared = true;
            SqliteNativeLeftovers.remove(SqliteNativeLeftovers.folder(), java.time.Instant.now().minusSeconds(60));
            SqliteNativeLibrary.useCopyIn(stateDirectory);
        }
    }

    @Override
    public Optional<StateLoss> stateLoss() {
        return stateLoss;
    }

    @Override
    public long sizeOnDiskBytes() {
        return database.sizeOnDiskBytes();
    }

    /** The connection, for tests that inspect or damage the file. */
    SqliteDatabase database() {
        return database;
    }

    /** The database file. */
    public Path file() {
        return database.file();
    }

    @Override
    public void close() {
        database.close();
    }
}
