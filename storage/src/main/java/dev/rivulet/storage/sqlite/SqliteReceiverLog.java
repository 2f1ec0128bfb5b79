package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.readMeta;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;
import static dev.rivulet.storage.sqlite.SqliteDatabase.writeMeta;

import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.tinylog.Logger;

/**
 * The receiver log in table {@code receiver_log}, one row per appended block ({@link LogBlockEncoding}).
 *
 * <p>A block is deleted once a checkpoint covers all of it. A checkpoint ending inside a block leaves the block
 * in place (rewriting it would cost more writes than it saves) and moves {@code log.pruned_through} instead:
 * records up to that sequence count as deleted.
 *
 * <p>Delivery marks live in table {@code delivery_mark}, keyed by source and packet id, written in the block's
 * transaction and never deleted with the blocks.
 */
final class SqliteReceiverLog implements ReceiverLog {

    static final String LAST_SEQUENCE_KEY = "log.last_seq";
    static final String PRUNED_THROUGH_KEY = "log.pruned_through";
    /** About what a delivery mark's row takes, with its key in the index. */
    private static final int MARK_BYTES = 64;

    private final SqliteDatabase database;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;

    SqliteReceiverLog(SqliteDatabase database, StoreConfig config, Clock clock, StoreCounters counters) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public long append(List<LogRecord> block, Collection<DeliveryMark> marks) {
        if (block.isEmpty()) {
            if (!marks.isEmpty()) {
                database.inTransaction("recording " + marks.size() + " delivery marks", connection -> {
                    writeMarks(connection, marks);
                    return null;
                });
            }
            return lastSequence();
        }
        long payloadBytes = block.stream().mapToLong(record -> record.payload().length).sum();
        byte[] data = LogBlockEncoding.encode(block);
        long crc = SqliteCheckpoints.crc32(data);
        long[] droppedAndLast = database.inTransaction("appending a block of " + block.size()
                + " records to the receiver log", data.length + MARK_BYTES * (long) marks.size(), connection -> {
            long first = readMeta(connection, LAST_SEQUENCE_KEY, 0) + 1;
            long last = first + block.size() - 1;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO receiver_log"
                    + "(last_seq, first_seq, appended_at, records, bytes, crc32, data) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, last);
                insert.setLong(2, first);
                insert.setLong(3, clock.millis());
                insert.setInt(4, block.size());
                insert.setLong(5, payloadBytes);
                insert.setLong(6, crc);
                insert.setBytes(7, data);
                insert.executeUpdate();
            }
            writeMeta(connection, LAST_SEQUENCE_KEY, last);
            writeMarks(connection, marks);
            return new long[] {dropOldestBeyondBounds(connection, last), last};
        });
        counters.increment(Counter.LOG_BLOCKS_APPENDED);
        counters.add(Counter.LOG_RECORDS_APPENDED, block.size());
        counters.add(Counter.LOG_BYTES_APPENDED, payloadBytes);
        counters.add(Counter.LOG_RECORDS_DROPPED, droppedAndLast[0]);
        return droppedAndLast[1];
    }

    private static void writeMarks(Connection connection, Collection<DeliveryMark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO delivery_mark(source, packet_id, payload_hash) VALUES (?, ?, ?)")) {
            for (DeliveryMark mark : marks) {
                upsert.setString(1, mark.source());
                upsert.setInt(2, mark.packetId());
                upsert.setLong(3, mark.payloadHash());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @Override
    public List<DeliveryMark> deliveryMarks() {
        return database.read("reading the delivery marks", connection -> {
            List<DeliveryMark> marks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source, packet_id, payload_hash FROM delivery_mark ORDER BY source, packet_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    marks.add(new DeliveryMark(rows.getString(1), rows.getInt(2), rows.getLong(3)));
                }
            }
            return marks;
        });
    }

    /**
     * Drops whole blocks, oldest first, that are older than the age bound or make the log exceed its size bound;
     * never the block just appended. These records are covered by no checkpoint, so this loses data: it only
     * happens when checkpoints stopped for a long time, and it is logged and counted.
     */
    private long dropOldestBeyondBounds(Connection connection, long newestBlock) throws SQLException {
        long cutoff = queryLong(connection, "SELECT COALESCE(MAX(last_seq), 0) FROM receiver_log "
                + "WHERE appended_at < ? AND last_seq < ?", clock.millis() - config.logMaxAge().toMillis(), newestBlock);
        long held = queryLong(connection, "SELECT COALESCE(SUM(bytes), 0) FROM receiver_log WHERE last_seq > ?",
                cutoff);
        if (held > config.logMaxBytes()) {
            cutoff = Math.max(cutoff, sizeCutoff(connection, cutoff, held, newestBlock));
        }
        if (cutoff == 0) {
            return 0;
        }
        long dropped = pruneThrough(connection, cutoff);
        if (dropped > 0) {
            Logger.warn("Storage: receiver log beyond its bounds (storage.log.max-bytes = {}, storage.log.max-age "
                    + "= {}): dropped its {} oldest records (sequence up to {}), which no checkpoint covers; "
                    + "are checkpoints failing?", config.logMaxBytes(), config.logMaxAge(), dropped, cutoff);
        }
        return dropped;
    }

    private long sizeCutoff(Connection connection, long after, long held, long newestBlock) throws SQLException {
        long cutoff = 0;
        try (PreparedStatement blocks = connection.prepareStatement(
                "SELECT last_seq, bytes FROM receiver_log WHERE last_seq > ? AND last_seq < ? ORDER BY last_seq")) {
            blocks.setLong(1, after);
            blocks.setLong(2, newestBlock);
            try (ResultSet rows = blocks.executeQuery()) {
                while (held > config.logMaxBytes() && rows.next()) {
                    cutoff = rows.getLong(1);
                    held -= rows.getLong(2);
                }
            }
        }
        return cutoff;
    }

    /** Deletes records up to {@code sequence} inside the caller's transaction; returns how many. */
    static long pruneThrough(Connection connection, long sequence) throws SQLException {
        long through = Math.min(sequence, readMeta(connection, LAST_SEQUENCE_KEY, 0));
        if (through <= readMeta(connection, PRUNED_THROUGH_KEY, 0)) {
            return 0;
        }
        long before = heldRecords(connection);
        update(connection, "DELETE FROM receiver_log WHERE last_seq <= ?", through);
        writeMeta(connection, PRUNED_THROUGH_KEY, through);
        return before - heldRecords(connection);
    }

    /** Records in the blocks held, less those of a partly pruned first block. */
    private static long heldRecords(Connection connection) throws SQLException {
        long prunedThrough = readMeta(connection, PRUNED_THROUGH_KEY, 0);
        return queryLong(connection, "SELECT COALESCE(SUM(records), 0) FROM receiver_log")
                - queryLong(connection, "SELECT COALESCE(MAX(0, ? - MIN(first_seq) + 1), 0) FROM receiver_log",
                prunedThrough);
    }

    @Override
    public long lastSequence() {
        return database.read("reading the receiver log's last sequence",
                connection -> readMeta(connection, LAST_SEQUENCE_KEY, 0));
    }

    @Override
    public List<LoggedRecord> readAfter(long afterSequence) {
        return database.read("reading the receiver log", connection -> {
            long after = Math.max(afterSequence, readMeta(connection, PRUNED_THROUGH_KEY, 0));
            List<LoggedRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT last_seq, first_seq, records, crc32, "
                    + "data FROM receiver_log WHERE last_seq > ? ORDER BY last_seq")) {
                select.setLong(1, after);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.addAll(decodeBlock(rows, after));
                    }
                }
            }
            return records;
        });
    }

    /** A block's records, or none (logged and counted) when its bytes fail their checksum. */
    private List<LoggedRecord> decodeBlock(ResultSet row, long after) throws SQLException {
        byte[] data = row.getBytes(5);
        try {
            if (data == null || SqliteCheckpoints.crc32(data) != row.getLong(4)) {
                throw new IllegalArgumentException("its bytes fail their CRC32 check");
            }
            return LogBlockEncoding.decode(data, row.getLong(2), row.getInt(3), after);
        } catch (IllegalArgumentException e) {
            counters.increment(Counter.LOG_BLOCKS_UNREADABLE);
            Logger.error("Storage: receiver log block {}..{} is unreadable ({}); its records cannot be replayed",
                    row.getLong(2), row.getLong(1), e.getMessage());
            return List.of();
        }
    }

    @Override
    public long pruneThrough(long sequence) {
        long pruned = database.inTransaction("pruning the receiver log", connection -> pruneThrough(connection, sequence));
        counters.add(Counter.LOG_RECORDS_PRUNED, pruned);
        return pruned;
    }

    @Override
    public long recordCount() {
        return database.read("counting the receiver log", SqliteReceiverLog::heldRecords);
    }

    @Override
    public long payloadBytes() {
        return database.read("measuring the receiver log",
                connection -> queryLong(connection, "SELECT COALESCE(SUM(bytes), 0) FROM receiver_log"));
    }
}
