package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;

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
import java.util.List;
import org.tinylog.Logger;

/**
 * The receiver log in tables {@code receiver_log} (one row per record) and {@code receiver_log_block} (one row
 * per appended block, for the size and age bounds without scanning records).
 */
final class SqliteReceiverLog implements ReceiverLog {

    static final String LAST_SEQUENCE_KEY = "log.last_seq";

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
    public long append(List<LogRecord> block) {
        if (block.isEmpty()) {
            return lastSequence();
        }
        long payloadBytes = block.stream().mapToLong(record -> record.payload().length).sum();
        long[] droppedAndLast = database.inTransaction("appending a block of " + block.size()
                + " records to the receiver log", connection -> {
            long first = SqliteDatabase.readMeta(connection, LAST_SEQUENCE_KEY, 0) + 1;
            long last = first + block.size() - 1;
            insertRecords(connection, block, first);
            update(connection, "INSERT INTO receiver_log_block(last_seq, first_seq, appended_at, records, bytes) "
                    + "VALUES (?, ?, ?, ?, ?)", last, first, clock.millis(), block.size(), payloadBytes);
            SqliteDatabase.writeMeta(connection, LAST_SEQUENCE_KEY, last);
            return new long[] {dropOldestBeyondBounds(connection, last), last};
        });
        counters.increment(Counter.LOG_BLOCKS_APPENDED);
        counters.add(Counter.LOG_RECORDS_APPENDED, block.size());
        counters.add(Counter.LOG_BYTES_APPENDED, payloadBytes);
        counters.add(Counter.LOG_RECORDS_DROPPED, droppedAndLast[0]);
        return droppedAndLast[1];
    }

    private static void insertRecords(Connection connection, List<LogRecord> block, long firstSequence)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO receiver_log(seq, batch_time, payload) VALUES (?, ?, ?)")) {
            long sequence = firstSequence;
            for (LogRecord record : block) {
                insert.setLong(1, sequence++);
                insert.setLong(2, record.batchTime());
                insert.setBytes(3, record.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Drops whole blocks, oldest first, that are older than the age bound or make the log exceed its size bound;
     * never the block just appended. These records are covered by no checkpoint, so this loses data: it only
     * happens when checkpoints stopped for a long time, and it is logged and counted.
     */
    private long dropOldestBeyondBounds(Connection connection, long newestBlock) throws SQLException {
        long cutoff = queryLong(connection, "SELECT COALESCE(MAX(last_seq), 0) FROM receiver_log_block "
                + "WHERE appended_at < ? AND last_seq < ?", clock.millis() - config.logMaxAge().toMillis(), newestBlock);
        long held = queryLong(connection, "SELECT COALESCE(SUM(bytes), 0) FROM receiver_log_block WHERE last_seq > ?",
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
                "SELECT last_seq, bytes FROM receiver_log_block WHERE last_seq > ? AND last_seq < ? ORDER BY last_seq")) {
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
        long deleted = update(connection, "DELETE FROM receiver_log WHERE seq <= ?", sequence);
        if (deleted == 0) {
            return 0;
        }
        update(connection, "DELETE FROM receiver_log_block WHERE last_seq <= ?", sequence);
        // A checkpoint may end inside a block: keep the block row, describing only what is left of it.
        update(connection, "UPDATE receiver_log_block SET first_seq = ?1 + 1, "
                + "records = (SELECT COUNT(*) FROM receiver_log WHERE seq > ?1 AND seq <= last_seq), "
                + "bytes = (SELECT COALESCE(SUM(LENGTH(payload)), 0) FROM receiver_log WHERE seq > ?1 AND seq <= last_seq) "
                + "WHERE first_seq <= ?1", sequence);
        return deleted;
    }

    @Override
    public long lastSequence() {
        return database.read("reading the receiver log's last sequence",
                connection -> SqliteDatabase.readMeta(connection, LAST_SEQUENCE_KEY, 0));
    }

    @Override
    public List<LoggedRecord> readAfter(long afterSequence) {
        return database.read("reading the receiver log", connection -> {
            List<LoggedRecord> records = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT seq, batch_time, payload FROM receiver_log WHERE seq > ? ORDER BY seq")) {
                select.setLong(1, afterSequence);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        records.add(new LoggedRecord(rows.getLong(1), rows.getLong(2), rows.getBytes(3)));
                    }
                }
            }
            return records;
        });
    }

    @Override
    public long pruneThrough(long sequence) {
        long pruned = database.inTransaction("pruning the receiver log", connection -> pruneThrough(connection, sequence));
        counters.add(Counter.LOG_RECORDS_PRUNED, pruned);
        return pruned;
    }

    @Override
    public long recordCount() {
        return database.read("counting the receiver log",
                connection -> queryLong(connection, "SELECT COALESCE(SUM(records), 0) FROM receiver_log_block"));
    }

    @Override
    public long payloadBytes() {
        return database.read("measuring the receiver log",
                connection -> queryLong(connection, "SELECT COALESCE(SUM(bytes), 0) FROM receiver_log_block"));
    }
}
