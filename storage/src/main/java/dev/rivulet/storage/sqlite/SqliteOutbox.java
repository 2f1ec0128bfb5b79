package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.readMeta;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;
import static dev.rivulet.storage.sqlite.SqliteDatabase.writeMeta;

import dev.rivulet.storage.Outbox;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.OutboxResult;
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
 * The outbox in table {@code outbox}, with the ids of delivered and dropped messages in
 * {@code retired_message_id} and the count of dropped messages not yet reported in {@code store_meta}.
 */
final class SqliteOutbox implements Outbox {

    static final String DROPPED_UNREPORTED_KEY = "outbox.dropped_unreported";
    static final String DROPPED_TOTAL_KEY = "outbox.dropped_total";

    private final SqliteDatabase database;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;

    SqliteOutbox(SqliteDatabase database, StoreConfig config, Clock clock, StoreCounters counters) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public OutboxResult enqueue(List<OutboxMessage> messages) {
        OutboxResult result = database.inTransaction("queueing " + messages.size() + " outbox messages",
                bytesOf(messages), connection -> enqueue(connection, messages));
        count(result);
        return result;
    }

    /** Queues messages inside the caller's transaction; the caller counts the result once it committed. */
    OutboxResult enqueue(Connection connection, List<OutboxMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return OutboxResult.NONE;
        }
        int queued = 0;
        try (PreparedStatement retired = connection.prepareStatement(
                     "SELECT 1 FROM retired_message_id WHERE message_id = ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT OR IGNORE INTO outbox(message_id, topic, payload, qos, retained, created_at) "
                             + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (OutboxMessage message : messages) {
                retired.setString(1, message.id());
                try (ResultSet row = retired.executeQuery()) {
                    if (row.next()) {
                        continue;
                    }
                }
                insert.setString(1, message.id());
                insert.setString(2, message.topic());
                insert.setBytes(3, message.payload());
                insert.setInt(4, message.qos());
                insert.setInt(5, message.retained() ? 1 : 0);
                insert.setLong(6, clock.millis());
                queued += insert.executeUpdate();
            }
        }
        int dropped = dropOldestBeyondBound(connection);
        return new OutboxResult(queued, messages.size() - queued, dropped);
    }

    /** About what the rows of {@code messages} hold: payload, topic and id. */
    static long bytesOf(List<OutboxMessage> messages) {
        long bytes = 0;
        for (OutboxMessage message : messages) {
            bytes += bytesOf(message);
        }
        return bytes;
    }

    static long bytesOf(OutboxMessage message) {
        return message.payload().length + message.topic().length() + message.id().length() + 32;
    }

    /**
     * The messages neither queued nor retired yet, in order: what a commit has still to queue when part of its
     * messages went to the outbox ahead of it.
     */
    List<OutboxMessage> notYetQueued(List<OutboxMessage> messages) {
        return database.read("looking up " + messages.size() + " outbox messages", connection -> {
            List<OutboxMessage> left = new ArrayList<>();
            try (PreparedStatement known = connection.prepareStatement("SELECT 1 FROM outbox WHERE message_id = ?1 "
                    + "UNION ALL SELECT 1 FROM retired_message_id WHERE message_id = ?1")) {
                for (OutboxMessage message : messages) {
                    known.setString(1, message.id());
                    try (ResultSet row = known.executeQuery()) {
                        if (!row.next()) {
                            left.add(message);
                        }
                    }
                }
            }
            return left;
        });
    }

    void count(OutboxResult result) {
        counters.add(Counter.OUTBOX_QUEUED, result.queued());
        counters.add(Counter.OUTBOX_DUPLICATES_SKIPPED, result.skipped());
        counters.add(Counter.OUTBOX_DROPPED, result.dropped());
    }

    private int dropOldestBeyondBound(Connection connection) throws SQLException {
        long excess = queryLong(connection, "SELECT COUNT(*) FROM outbox") - config.outboxMaxMessages();
        if (excess <= 0) {
            return 0;
        }
        // Remember the dropped ids too: an output regenerated after a restart must not come back.
        update(connection, "INSERT OR IGNORE INTO retired_message_id(message_id, outcome, retired_at) "
                + "SELECT message_id, 'dropped', ? FROM outbox ORDER BY seq LIMIT ?", clock.millis(), excess);
        update(connection, "DELETE FROM outbox WHERE seq IN (SELECT seq FROM outbox ORDER BY seq LIMIT ?)", excess);
        writeMeta(connection, DROPPED_UNREPORTED_KEY, readMeta(connection, DROPPED_UNREPORTED_KEY, 0) + excess);
        writeMeta(connection, DROPPED_TOTAL_KEY, readMeta(connection, DROPPED_TOTAL_KEY, 0) + excess);
        forgetOldRetiredIds(connection);
        Logger.warn("Storage: outbox full (storage.outbox-max-messages = {}): dropped the {} oldest messages",
                config.outboxMaxMessages(), excess);
        return (int) excess;
    }

    private void forgetOldRetiredIds(Connection connection) throws SQLException {
        update(connection, "DELETE FROM retired_message_id WHERE seq <= (SELECT MAX(seq) FROM retired_message_id) - ?",
                config.retiredIdsRetained());
    }

    @Override
    public List<OutboxMessage> pending(int limit) {
        return database.read("reading the outbox", connection -> {
            List<OutboxMessage> messages = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT message_id, topic, payload, qos, retained FROM outbox ORDER BY seq LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        messages.add(new OutboxMessage(rows.getString(1), rows.getString(2), rows.getBytes(3),
                                rows.getInt(4), rows.getInt(5) != 0));
                    }
                }
            }
            return messages;
        });
    }

    @Override
    public boolean markDelivered(String messageId) {
        boolean wasQueued = database.inTransaction("marking outbox message " + messageId + " delivered", connection -> {
            int deleted;
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM outbox WHERE message_id = ?");
                 PreparedStatement retire = connection.prepareStatement(
                         "INSERT OR IGNORE INTO retired_message_id(message_id, outcome, retired_at) "
                                 + "VALUES (?, 'delivered', ?)")) {
                delete.setString(1, messageId);
                deleted = delete.executeUpdate();
                retire.setString(1, messageId);
                retire.setLong(2, clock.millis());
                retire.executeUpdate();
            }
            forgetOldRetiredIds(connection);
            return deleted > 0;
        });
        if (wasQueued) {
            counters.increment(Counter.OUTBOX_DELIVERED);
        }
        return wasQueued;
    }

    @Override
    public long depth() {
        return database.read("counting the outbox", connection -> queryLong(connection, "SELECT COUNT(*) FROM outbox"));
    }

    @Override
    public long droppedUnreported() {
        return database.read("reading the outbox drop count",
                connection -> readMeta(connection, DROPPED_UNREPORTED_KEY, 0));
    }

    @Override
    public void countDropped(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        database.inTransaction("counting " + count + " outbox messages dropped before they were queued", connection -> {
            writeMeta(connection, DROPPED_UNREPORTED_KEY, readMeta(connection, DROPPED_UNREPORTED_KEY, 0) + count);
            writeMeta(connection, DROPPED_TOTAL_KEY, readMeta(connection, DROPPED_TOTAL_KEY, 0) + count);
            return null;
        });
        counters.add(Counter.OUTBOX_DROPPED, count);
    }

    @Override
    public void acknowledgeDropped(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, was " + count);
        }
        database.inTransaction("acknowledging " + count + " dropped outbox messages", connection -> {
            long unreported = readMeta(connection, DROPPED_UNREPORTED_KEY, 0);
            writeMeta(connection, DROPPED_UNREPORTED_KEY, Math.max(0, unreported - count));
            return null;
        });
    }
}
