package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.Checkpoints;
import dev.rivulet.storage.CommitResult;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.OutboxResult;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import dev.rivulet.storage.StoredCheckpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.tinylog.Logger;

/** Checkpoints in tables {@code checkpoint} (one row each) and {@code checkpoint_blob} (one row per blob). */
final class SqliteCheckpoints implements Checkpoints {

    private final SqliteDatabase database;
    private final SqliteReceiverLog log;
    private final SqliteOutbox outbox;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;
    private final StateMarker marker;

    SqliteCheckpoints(SqliteDatabase database, SqliteReceiverLog log, SqliteOutbox outbox, StoreConfig config,
                      Clock clock, StoreCounters counters, StateMarker marker) {
        this.database = database;
        this.log = log;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
        this.marker = marker;
    }

    /** What one commit did, to be counted (and marked) once it committed. */
    private record Outcome(CommitResult result, int checkpointsPruned, long logSequence) {
    }

    /**
     * Commits the checkpoint with its messages in one transaction, unless they would not fit the room the disk
     * has for one ({@link SqliteDatabase#room()}): messages held back by checkpoints that failed on a full disk
     * can be more than the space that returned. Then the oldest go to the outbox ahead of the checkpoint, in
     * pieces that fit, each its own transaction after which the {@code -wal} file is copied into the database
     * and truncated, until the rest fits with the checkpoint; every piece leaves room for the checkpoint. A message queued ahead of its checkpoint is what a
     * replay after a power cut finds too: its id is queued, and the replay's copy is skipped. When a piece does
     * not fit, the commit fails with what was queued kept; a retry queues only the rest.
     */
    @Override
    public CommitResult commit(Checkpoint checkpoint, List<OutboxMessage> messages) {
        OutboxResult ahead = OutboxResult.NONE;
        List<OutboxMessage> rest = messages;
        if (checkpoint.totalBytes() + SqliteOutbox.bytesOf(rest) > database.room()) {
            rest = outbox.notYetQueued(messages);
            while (!rest.isEmpty() && checkpoint.totalBytes() + SqliteOutbox.bytesOf(rest) > database.room()) {
                // Each piece leaves room for the checkpoint itself: pieces that grew the database file into the
                // last free space would leave the -wal file no room for the checkpoint's pages, for good.
                int piece = piece(rest, database.room() - checkpoint.totalBytes());
                if (piece == 0) {
                    throw database.refused("queueing " + rest.size() + " held-back outbox messages ahead of the"
                            + " checkpoint of batch time " + checkpoint.batchTime(), SqliteOutbox.bytesOf(rest.get(0))
                            + checkpoint.totalBytes());
                }
                ahead = ahead.plus(outbox.enqueue(rest.subList(0, piece)));
                rest = rest.subList(piece, rest.size());
            }
        }
        List<OutboxMessage> last = rest;
        Outcome outcome = database.inTransaction("committing the checkpoint of batch time " + checkpoint.batchTime(),
                checkpoint.totalBytes() + SqliteOutbox.bytesOf(last), connection -> {
                    long lastSequence = SqliteDatabase.readMeta(connection, SqliteReceiverLog.LAST_SEQUENCE_KEY, 0);
                    if (checkpoint.logSequence() > lastSequence) {
                        throw new IllegalArgumentException("the checkpoint covers log sequence "
                                + checkpoint.logSequence() + " but the receiver log ends at " + lastSequence);
                    }
                    long id = insert(connection, checkpoint);
                    int checkpointsPruned = pruneOldCheckpoints(connection);
                    // Keep every record the oldest retained checkpoint still needs, so falling back to it works.
                    long coveredByAll = queryLong(connection, "SELECT MIN(log_seq) FROM checkpoint");
                    long logPruned = log.pruneThrough(connection, coveredByAll);
                    OutboxResult queued = outbox.enqueue(connection, last);
                    return new Outcome(new CommitResult(id, queued, logPruned), checkpointsPruned, lastSequence);
                });
        marker.committed(outcome.result().checkpointId(), checkpoint.batchTime(), outcome.logSequence());
        counters.increment(Counter.CHECKPOINTS_COMMITTED);
        counters.add(Counter.CHECKPOINT_BYTES_WRITTEN, checkpoint.totalBytes());
        counters.add(Counter.CHECKPOINTS_PRUNED, outcome.checkpointsPruned());
        counters.add(Counter.LOG_RECORDS_PRUNED, outcome.result().logRecordsPruned());
        outbox.count(outcome.result().outbox());
        CommitResult result = outcome.result();
        return new CommitResult(result.checkpointId(), ahead.plus(result.outbox()), result.logRecordsPruned());
    }

    /** How many of the oldest messages fit in {@code room} bytes. */
    private static int piece(List<OutboxMessage> messages, long room) {
        int count = 0;
        long bytes = 0;
        for (OutboxMessage message : messages) {
            bytes += SqliteOutbox.bytesOf(message);
            if (bytes > room) {
                break;
            }
            count++;
        }
        return count;
    }

    private long insert(Connection connection, Checkpoint checkpoint) throws SQLException {
        update(connection, "INSERT INTO checkpoint(batch_time, log_seq, created_at, blob_count) VALUES (?, ?, ?, ?)",
                checkpoint.batchTime(), checkpoint.logSequence(), clock.millis(), checkpoint.blobs().size());
        long id = queryLong(connection, "SELECT last_insert_rowid()");
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO checkpoint_blob(checkpoint_id, name, crc32, length, data) VALUES (?, ?, ?, ?, ?)")) {
            for (var blob : checkpoint.blobs().entrySet()) {
                insert.setLong(1, id);
                insert.setString(2, blob.getKey());
                insert.setLong(3, crc32(blob.getValue()));
                insert.setInt(4, blob.getValue().length);
                insert.setBytes(5, blob.getValue());
                insert.executeUpdate();
            }
        }
        return id;
    }

    private int pruneOldCheckpoints(Connection connection) throws SQLException {
        long oldestKept = queryLong(connection, "SELECT COALESCE(MIN(id), 0) FROM "
                + "(SELECT id FROM checkpoint ORDER BY id DESC LIMIT ?)", config.checkpointsRetained());
        update(connection, "DELETE FROM checkpoint_blob WHERE checkpoint_id < ?", oldestKept);
        return update(connection, "DELETE FROM checkpoint WHERE id < ?", oldestKept);
    }

    static long crc32(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    @Override
    public Optional<StoredCheckpoint> latest() {
        return database.read("loading the latest checkpoint", connection -> {
            for (long id : retainedIds(connection)) {
                Optional<StoredCheckpoint> loaded = load(connection, id);
                if (loaded.isPresent()) {
                    return loaded;
                }
            }
            return Optional.empty();
        });
    }

    private Optional<StoredCheckpoint> load(Connection connection, long id) throws SQLException {
        long batchTime;
        long logSequence;
        long createdAt;
        int blobCount;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT batch_time, log_seq, created_at, blob_count FROM checkpoint WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                batchTime = row.getLong(1);
                logSequence = row.getLong(2);
                createdAt = row.getLong(3);
                blobCount = row.getInt(4);
            }
        }
        SortedMap<String, byte[]> blobs = new TreeMap<>();
        String problem = readBlobs(connection, id, blobs);
        if (problem == null && blobs.size() != blobCount) {
            problem = "it should have " + blobCount + " blobs but has " + blobs.size();
        }
        if (problem != null) {
            counters.increment(Counter.CHECKPOINTS_UNREADABLE);
            Logger.warn("Storage: checkpoint {} (batch time {}) is unreadable: {}; skipping it for the previous "
                    + "checkpoint", id, batchTime, problem);
            return Optional.empty();
        }
        return Optional.of(new StoredCheckpoint(id, createdAt, new Checkpoint(batchTime, logSequence, blobs)));
    }

    /** Reads and verifies the blobs of a checkpoint; returns what is wrong with them, or null. */
    private static String readBlobs(Connection connection, long id, SortedMap<String, byte[]> blobs)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, crc32, length, data FROM checkpoint_blob WHERE checkpoint_id = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    byte[] data = rows.getBytes(4);
                    data = data == null ? new byte[0] : data;
                    if (data.length != rows.getInt(3) || crc32(data) != rows.getLong(2)) {
                        return "blob '" + name + "' fails its length or CRC32 check";
                    }
                    blobs.put(name, data);
                }
            }
        }
        return null;
    }

    @Override
    public List<Long> retainedIds() {
        return database.read("listing checkpoints", SqliteCheckpoints::retainedIds);
    }

    private static List<Long> retainedIds(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM checkpoint ORDER BY id DESC");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        return ids;
    }
}
