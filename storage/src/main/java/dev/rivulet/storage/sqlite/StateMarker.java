package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;

import dev.rivulet.storage.StateLoss;
import dev.rivulet.storage.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * What the database last committed, in a small text file beside it ({@code rivulet.db.state}). A database that
 * was emptied, replaced, or cut off from the {@code -wal} its newest commits lived in opens as a valid SQLite
 * file with less in it, and SQLite cannot tell; only something outside the database remembers that there was
 * more. The marker is written after each checkpoint commit and at open, by a rename and without a flush of its
 * own: it may lag behind the database after a power cut (never ahead of a commit SQLite flushed), so it can
 * miss a loss of the last few seconds but never report one that did not happen.
 *
 * <p>With {@code synchronous = NORMAL} SQLite may itself roll back the newest commits at a power cut, so the
 * marker then keeps only the database's identity (an emptied or replaced database is still found), not its
 * progress.
 */
final class StateMarker {

    /** The {@code store_meta} key of the random identity a database is given at creation. */
    static final String DATABASE_ID_KEY = "database.id";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What a database holds, as far as the marker compares: 0 for what it has none of. */
    record Progress(long databaseId, long checkpointId, long batchTime, long logSequence) {

        /** What {@code connection}'s database holds, read before any write (tables may not exist yet). */
        static Progress of(Connection connection) throws SQLException {
            if (!hasTable(connection, "store_meta")) {
                return new Progress(0, 0, 0, 0);
            }
            long id = SqliteDatabase.readMeta(connection, DATABASE_ID_KEY, 0);
            long logSequence = SqliteDatabase.readMeta(connection, SqliteReceiverLog.LAST_SEQUENCE_KEY, 0);
            long checkpointId = hasTable(connection, "checkpoint")
                    ? queryLong(connection, "SELECT COALESCE(MAX(id), 0) FROM checkpoint") : 0;
            long batchTime = checkpointId == 0 ? 0
                    : queryLong(connection, "SELECT batch_time FROM checkpoint WHERE id = ?", checkpointId);
            return new Progress(id, checkpointId, batchTime, logSequence);
        }

        private static boolean hasTable(Connection connection, String table) throws SQLException {
            try (var query = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                query.setString(1, table);
                try (var row = query.executeQuery()) {
                    return row.next();
                }
            }
        }
    }

    private final Path file;
    private final Path database;
    private final boolean tracksProgress;
    private final Clock clock;
    private boolean writeFailing;
    private long databaseId;

    StateMarker(Path database, boolean tracksProgress, Clock clock) {
        this.database = database;
        this.file = database.resolveSibling(database.getFileName() + ".state");
        this.tracksProgress = tracksProgress;
        this.clock = clock;
    }

    /**
     * Compares what {@code found} holds with what the marker says was committed; on a loss, copies the database
     * files as they are aside and says what was lost. Called before anything is written to the database.
     */
    Optional<StateLoss> check(Progress found) {
        Map<String, String> marker = read();
        if (marker.isEmpty()) {
            return Optional.empty();
        }
        long committedId = number(marker, "database-id");
        String committedAt = marker.getOrDefault("written-at", "an earlier run");
        String lost;
        if (found.databaseId() != committedId) {
            lost = database.getFileName() + (found.databaseId() == 0
                    ? " is empty (emptied, or a new file in its place)"
                    : " is another database than the one last used here") + "; it had committed "
                    + committed(marker) + " by " + committedAt;
        } else if (tracksProgress && (found.checkpointId() < number(marker, "checkpoint-id")
                || found.logSequence() < number(marker, "log-sequence"))) {
            lost = database.getFileName() + " holds " + (found.checkpointId() == 0 ? "no checkpoint"
                    : "checkpoints up to " + batchTime(found.batchTime())) + " and readings up to log sequence "
                    + found.logSequence() + ", but it had committed " + committed(marker) + " by " + committedAt;
        } else {
            return Optional.empty();
        }
        return Optional.of(new StateLoss(lost + ": the state and readings in between are lost (the broker had "
                + "been told they were safe)", keepAside()));
    }

    /** After a checkpoint commit: records it as what the database holds. */
    void committed(long checkpointId, long batchTime, long logSequence) {
        record(new Progress(databaseId, checkpointId, batchTime, logSequence));
    }

    /** Records {@code progress} as committed; a failure to write is a warning (the marker then lags), once. */
    void record(Progress progress) {
        databaseId = progress.databaseId();
        String text = "# Rivulet: what " + database.getFileName() + " last committed, to find state lost at the "
                + "next start.\n# Delete it only together with the database.\n"
                + "database-id=" + progress.databaseId() + "\n"
                + "checkpoint-id=" + (tracksProgress ? progress.checkpointId() : 0) + "\n"
                + "batch-time=" + (tracksProgress ? progress.batchTime() : 0) + "\n"
                + "log-sequence=" + (tracksProgress ? progress.logSequence() : 0) + "\n"
                + "written-at=" + clock.instant() + "\n";
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            PrivateFiles.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (writeFailing) {
                writeFailing = false;
                Logger.info("Storage: {} is written again", file);
            }
        } catch (IOException e) {
            if (!writeFailing) {
                writeFailing = true;
                Logger.warn("Storage: cannot write {} ({}); a loss of the newest state would go unnoticed at the "
                        + "next start until it is written again", file, e.toString());
            }
        }
    }

    private Map<String, String> read() {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (!line.startsWith("#") && equals > 0) {
                    values.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
            number(values, "database-id");
            return values;
        } catch (IOException | NumberFormatException e) {
            Logger.warn("Storage: {} cannot be read ({}); the state of {} is taken as it is and the file is "
                    + "written anew", file, e.toString(), database);
            return Map.of();
        }
    }

    private static long number(Map<String, String> marker, String key) {
        String value = marker.get(key);
        if (value == null) {
            throw new NumberFormatException("no " + key);
        }
        return Long.parseLong(value);
    }

    private static String committed(Map<String, String> marker) {
        long checkpoint = Long.parseLong(marker.getOrDefault("checkpoint-id", "0"));
        return checkpoint == 0 ? "its state" : "the checkpoint of " + batchTime(Long.parseLong(marker.get("batch-time")))
                + " and readings up to log sequence " + marker.get("log-sequence");
    }

    private static String batchTime(long millis) {
        return "batch time " + millis + " (" + Instant.ofEpochMilli(millis) + ")";
    }

    /** Copies the database files as they are now to {@code rivulet.db.lost-<time>}; the store goes on with them. */
    private Path keepAside() {
        String stamp = STAMP.format(clock.instant());
        Path target = database.resolveSibling(database.getFileName() + ".lost-" + stamp);
        for (int attempt = 2; Files.exists(target); attempt++) {
            target = database.resolveSibling(database.getFileName() + ".lost-" + stamp + "-" + attempt);
        }
        try {
            for (String suffix : List.of("-wal", "-shm", "")) {
                Path from = Path.of(database + suffix);
                if (Files.exists(from)) {
                    Files.copy(from, Path.of(target + suffix), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new StoreException("state was lost from " + database + " and its files cannot be kept aside at "
                    + target + " (" + e + "); free space in " + database.getParent() + " and start again", e);
        }
        return target;
    }
}
