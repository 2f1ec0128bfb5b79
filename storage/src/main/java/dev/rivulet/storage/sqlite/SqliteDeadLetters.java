package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.sqlite.SqliteDatabase.queryLong;
import static dev.rivulet.storage.sqlite.SqliteDatabase.update;

import dev.rivulet.storage.DeadLetters;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.StoreCounters.Counter;
import dev.rivulet.storage.StoredDeadLetter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Dead letters in table {@code dead_letter}, pruned by row count and age on every write. */
final class SqliteDeadLetters implements DeadLetters {

    private final SqliteDatabase database;
    private final StoreConfig config;
    private final Clock clock;
    private final StoreCounters counters;

    SqliteDeadLetters(SqliteDatabase database, StoreConfig config, Clock clock, StoreCounters counters) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.counters = counters;
    }

    @Override
    public void record(String source, String topic, byte[] raw, String reason) {
        record(clock.millis(), source, topic, raw, reason);
    }

    @Override
    public void recordAll(List<Letter> letters) {
        if (letters.isEmpty()) {
            return;
        }
        long now = clock.millis();
        long bytes = 0;
        for (Letter letter : letters) {
            bytes += Math.min(letter.raw().length, config.deadLetterMaxRawBytes()) + letter.reason().length();
        }
        String what = letters.size() == 1 ? "recording a dead letter from " + letters.get(0).source()
                : "recording " + letters.size() + " dead letters";
        int pruned = database.inTransaction(what, bytes, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dead_letter"
                    + "(recorded_at, source, topic, raw, raw_length, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Letter arrived : letters) {
                    // A copy only when longer than the store keeps: the dead-letter writer has mostly cut it already.
                    Letter letter = arrived.cut(config.deadLetterMaxRawBytes());
                    insert.setLong(1, letter.arrivedAtMillis());
                    insert.setString(2, letter.source());
                    insert.setString(3, letter.topic());
                    insert.setBytes(4, letter.raw());
                    insert.setInt(5, letter.rawLength());
                    insert.setString(6, letter.reason());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return update(connection, "DELETE FROM dead_letter WHERE recorded_at < ?",
                    now - config.deadLettersMaxAge().toMillis())
                    + update(connection, "DELETE FROM dead_letter WHERE id <= (SELECT MAX(id) FROM dead_letter) - ?",
                    config.deadLettersMaxRows());
        });
        counters.add(Counter.DEAD_LETTERS_RECORDED, letters.size());
        counters.add(Counter.DEAD_LETTERS_PRUNED, pruned);
    }

    @Override
    public List<StoredDeadLetter> latest(int limit) {
        return database.read("reading dead letters", connection -> {
            List<StoredDeadLetter> letters = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, recorded_at, source, topic, raw, "
                    + "raw_length, reason FROM dead_letter ORDER BY id DESC LIMIT ?")) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        byte[] raw = rows.getBytes(5);
                        letters.add(new StoredDeadLetter(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                rows.getString(4), raw == null ? new byte[0] : raw, rows.getInt(6), rows.getString(7)));
                    }
                }
            }
            return letters;
        });
    }

    @Override
    public long count() {
        return database.read("counting dead letters",
                connection -> queryLong(connection, "SELECT COUNT(*) FROM dead_letter"));
    }
}
