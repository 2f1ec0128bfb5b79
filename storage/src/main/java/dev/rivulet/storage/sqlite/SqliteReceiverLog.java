package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.readMeta;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;
import static dev.rivulet.storage.sqlite.SqliteDatabase.writeMeta;

import dev.rivulet.storage.ArchivePosition;
import dev.rivulet.storage.AdmittedKey;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.LogBounds;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.PruneArchive;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.tinylog.Logger;

/**
 * The receiver log in table {@code receiver_log}, one row per appended block ({@link LogBlockEncoding}).
 *
 * <p>A block is deleted once a checkpoint covers all of it, and only then. A checkpoint ending inside a block leaves the block
 * in place (rewriting it would cost more writes than it saves) and moves {@code log.pruned_through} instead:
 * records up to that sequence count as deleted.
 *
 * <p>Column {@code appended_at} holds the block's batch time (its oldest record's), not the wall-clock time of the
 * append: the age bound ({@link LogBounds}) follows batch time. Rows written before this rule hold the wall-clock
 * time of their append, a few batches off their batch time at most.
 *
 * <p>Delivery marks live in table {@code delivery_mark}, keyed by source and packet id, written in the block's
 * transaction and never deleted with the blocks; admitted keys in table {@code admitted_key} and file marks in table
 * {@code file_mark}, the same way.
 */
final class SqliteReceiverLog implements ReceiverLog {

    static final String LAST_SEQUENCE_KEY = "log.last_seq";
    static final String PRUNED_THROUGH_KEY = "log.pruned_through";
    static final String ARCHIVE_FILE_KEY = "archive.file";
    static final String ARCHIVE_LENGTH_KEY = "archive.length";
    /** About what a delivery mark's row takes, with its key in the index. */
    private static final int MARK_BYTES = 64;

    private final SqliteDatabase database;
    private final StoreConfig config;
    private final StoreCounters counters;
    private volatile PruneArchive archive;

    SqliteReceiverLog(SqliteDatabase database, StoreConfig config, StoreCounters counters) {
        this.database = database;
        this.config = config;
        this.counters = counters;
    }

    @Override
    public long append(List<LogRecord> block, BlockMarks marks) {
        if (block.isEmpty()) {
            if (!marks.isEmpty()) {
                database.inTransaction("recording " + marks.size() + " marks beside the receiver log", connection -> {
                    writeMarks(connection, marks);
                    return null;
                });
            }
            return lastSequence();
        }
        long payloadBytes = block.stream().mapToLong(record -> record.payload().length).sum();
        byte[] data = LogBlockEncoding.encode(block);
        long crc = SqliteCheckpoints.crc32(data);
        long batchTime = block.stream().mapToLong(LogRecord::batchTime).min().orElseThrow();
        long last = database.inTransaction("appending a block of " + block.size()
                + " records to the receiver log", data.length + MARK_BYTES * (long) marks.size(), connection -> {
            long first = readMeta(connection, LAST_SEQUENCE_KEY, 0) + 1;
            long lastInBlock = first + block.size() - 1;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO receiver_log"
                    + "(last_seq, first_seq, appended_at, records, bytes, crc32, data) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, lastInBlock);
                insert.setLong(2, first);
                insert.setLong(3, batchTime);
                insert.setInt(4, block.size());
                insert.setLong(5, payloadBytes);
                insert.setLong(6, crc);
                insert.setBytes(7, data);
                insert.executeUpdate();
            }
            writeMeta(connection, LAST_SEQUENCE_KEY, lastInBlock);
            writeMarks(connection, marks);
            return lastInBlock;
        });
        counters.increment(Counter.LOG_BLOCKS_APPENDED);
        counters.add(Counter.LOG_RECORDS_APPENDED, block.size());
        counters.add(Counter.LOG_BYTES_APPENDED, payloadBytes);
        return last;
    }

    private static void writeMarks(Connection connection, BlockMarks marks) throws SQLException {
        writeDeliveryMarks(connection, marks.deliveries());
        writeKeys(connection, marks.keys());
        writeFileMarks(connection, marks.files());
    }

    /**
     * Upserts the delivery marks, {@value #MARKS_PER_STATEMENT} rows to a statement: a mark per message is the log's largest
     * cost while a backlog drains, and one row to a statement spent most of it crossing into SQLite and stepping
     * each row (1.2 – 1.7 µs a mark against 0.8 with 50 rows, docs/BENCHMARKS.md "Delivery marks, fifty to a
     * statement"). Rows of one statement are written in order, so a later mark of the same key still wins.
     */
    private static void writeDeliveryMarks(Connection connection, Collection<DeliveryMark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        Iterator<DeliveryMark> each = marks.iterator();
        int whole = marks.size() / MARKS_PER_STATEMENT;
        int rest = marks.size() % MARKS_PER_STATEMENT;
        if (whole > 0) {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT_WHOLE_STATEMENT)) {
                for (int i = 0; i < whole; i++) {
                    bindMarks(upsert, each, MARKS_PER_STATEMENT);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        }
        if (rest > 0) {
            try (PreparedStatement upsert = connection.prepareStatement(upsertMarks(rest))) {
                bindMarks(upsert, each, rest);
                upsert.executeUpdate();
            }
        }
    }

    private static final int MARKS_PER_STATEMENT = 50;
    private static final String UPSERT_WHOLE_STATEMENT = upsertMarks(MARKS_PER_STATEMENT);

    /** {@code INSERT OR REPLACE} of {@code rows} marks in one statement. */
    private static String upsertMarks(int rows) {
        StringBuilder sql = new StringBuilder("INSERT OR REPLACE INTO delivery_mark(source, packet_id, payload_hash) VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "(?, ?, ?)" : ", (?, ?, ?)");
        }
        return sql.toString();
    }

    private static void bindMarks(PreparedStatement upsert, Iterator<DeliveryMark> each, int rows) throws SQLException {
        int parameter = 1;
        for (int i = 0; i < rows; i++) {
            DeliveryMark mark = each.next();
            upsert.setString(parameter++, mark.source());
            upsert.setInt(parameter++, mark.packetId());
            upsert.setLong(parameter++, mark.payloadHash());
        }
    }

    /** Inserts the keys not yet held; a block brings a few at most, so one row to a statement. */
    private static void writeKeys(Connection connection, Collection<AdmittedKey> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO admitted_key(source, key) VALUES (?, ?)")) {
            for (AdmittedKey key : keys) {
                insert.setString(1, key.source());
                insert.setString(2, key.key());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Upserts the file marks: a block brings one per file it read from, so one row to a statement. */
    private static void writeFileMarks(Connection connection, Collection<FileMark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO file_mark"
                + "(source, file, modified, line, reading, complete) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (FileMark mark : marks) {
                upsert.setString(1, mark.source());
                upsert.setString(2, mark.file());
                upsert.setLong(3, mark.modified());
                upsert.setLong(4, mark.line());
                upsert.setInt(5, mark.reading());
                upsert.setInt(6, mark.complete() ? 1 : 0);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    @Override
    public List<FileMark> fileMarks() {
        return database.read("reading the file marks", connection -> {
            List<FileMark> marks = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source, file, modified, line, reading, complete FROM file_mark ORDER BY source, file");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    marks.add(new FileMark(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4),
                            rows.getInt(5), rows.getInt(6) != 0));
                }
            }
            return marks;
        });
    }

    @Override
    public void forgetFile(String source, String file) {
        database.inTransaction("forgetting file " + file + " of source " + source, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM file_mark WHERE source = ? AND file = ?")) {
                delete.setString(1, source);
                delete.setString(2, file);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<AdmittedKey> admittedKeys() {
        return database.read("reading the admitted keys", connection -> {
            List<AdmittedKey> keys = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT source, key FROM admitted_key ORDER BY source, key");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(new AdmittedKey(rows.getString(1), rows.getString(2)));
                }
            }
            return keys;
        });
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

    /** {@link LogBounds#reached} for what the log holds now, in one query. */
    private String boundReached(Connection connection) throws SQLException {
        try (PreparedStatement held = connection.prepareStatement(
                "SELECT COALESCE(SUM(bytes), 0), COALESCE(MIN(appended_at), 0), COALESCE(MAX(appended_at), 0) "
                        + "FROM receiver_log");
             ResultSet row = held.executeQuery()) {
            row.next();
            return LogBounds.reached(config, row.getLong(1), row.getLong(2), row.getLong(3));
        }
    }

    @Override
    public String boundReached() {
        return database.read("measuring the receiver log against its bounds", this::boundReached);
    }

    /**
     * Deletes records up to {@code sequence} inside the caller's transaction; returns how many. With an archive
     * set, the records go to it first, and where it then stands is written in the same transaction.
     */
    long pruneThrough(Connection connection, long sequence) throws SQLException {
        long through = Math.min(sequence, readMeta(connection, LAST_SEQUENCE_KEY, 0));
        long prunedThrough = readMeta(connection, PRUNED_THROUGH_KEY, 0);
        if (through <= prunedThrough) {
            return 0;
        }
        PruneArchive to = archive;
        if (to != null) {
            List<LoggedRecord> gone = read(connection, prunedThrough, through);
            if (!gone.isEmpty()) {
                ArchivePosition position = to.archive(gone, archivePosition(connection));
                writeMeta(connection, ARCHIVE_FILE_KEY, position.file());
                writeMeta(connection, ARCHIVE_LENGTH_KEY, position.length());
            }
        }
        long before = heldRecords(connection);
        update(connection, "DELETE FROM receiver_log WHERE last_seq <= ?", through);
        writeMeta(connection, PRUNED_THROUGH_KEY, through);
        return before - heldRecords(connection);
    }

    private static ArchivePosition archivePosition(Connection connection) throws SQLException {
        return new ArchivePosition(readMeta(connection, ARCHIVE_FILE_KEY, 0), readMeta(connection, ARCHIVE_LENGTH_KEY, 0));
    }

    @Override
    public void archivePrunedTo(PruneArchive archive) {
        this.archive = archive;
    }

    @Override
    public ArchivePosition archivePosition() {
        return database.read("reading the archive's position", SqliteReceiverLog::archivePosition);
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
        return database.read("reading the receiver log", connection -> read(connection,
                Math.max(afterSequence, readMeta(connection, PRUNED_THROUGH_KEY, 0)), Long.MAX_VALUE));
    }

    /** The records held after {@code after} up to {@code through}, in sequence order. */
    private List<LoggedRecord> read(Connection connection, long after, long through) throws SQLException {
        List<LoggedRecord> records = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT last_seq, first_seq, records, crc32, "
                + "data FROM receiver_log WHERE last_seq > ? AND first_seq <= ? ORDER BY last_seq")) {
            select.setLong(1, after);
            select.setLong(2, through);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    for (LoggedRecord record : decodeBlock(rows, after)) {
                        if (record.sequence() <= through) {
                            records.add(record);
                        }
                    }
                }
            }
        }
        return records;
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
