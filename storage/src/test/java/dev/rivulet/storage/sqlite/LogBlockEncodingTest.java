package dev.rivulet.storage.sqlite;

import static dev.rivulet.storage.StoreCounters.Counter.LOG_BLOCKS_UNREADABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.storage.LogFile;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented bytes of a log block, and what happens when a stored block is damaged. */
class LogBlockEncodingTest {

    @TempDir
    Path stateDirectory;

    @Test
    void recordsAreGroupedInRunsOfOneBatchTimeWithVarintLengths() {
        byte[] bytes = LogBlockEncoding.encode(List.of(new LogRecord(1, new byte[] {7}),
                new LogRecord(1, new byte[200]), new LogRecord(2, new byte[0])));
        assertEquals(8 + 4 + 1 + 1 + 2 + 200 + 8 + 4 + 1, bytes.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 1, 7, (byte) 0xC8, 0x01},
                java.util.Arrays.copyOf(bytes, 16), "batch 1, two records: [7] and 200 bytes (varint C8 01)");

        List<LoggedRecord> back = LogBlockEncoding.decode(bytes, 10, 3, 10);
        assertEquals(List.of(11L, 12L), back.stream().map(LoggedRecord::sequence).toList(), "after 10 only");
        assertEquals(List.of(1L, 2L), back.stream().map(LoggedRecord::batchTime).toList());
        assertEquals(200, back.get(0).payload().length);
    }

    @Test
    void malformedBlocksAreRejected() {
        byte[] bytes = LogBlockEncoding.encode(List.of(new LogRecord(1, new byte[] {7, 8})));
        assertThrows(IllegalArgumentException.class, () -> LogBlockEncoding.decode(bytes, 1, 2, 0));
        assertThrows(IllegalArgumentException.class,
                () -> LogBlockEncoding.decode(java.util.Arrays.copyOf(bytes, bytes.length - 1), 1, 1, 0));
    }

    @Test
    void aDamagedBlockIsSkippedWithALogLineAndTheOthersAreStillRead() {
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(stateDirectory), new ManualClock())) {
            store.receiverLog().append(List.of(new LogRecord(1, new byte[] {1}), new LogRecord(1, new byte[] {2})));
            store.receiverLog().append(List.of(new LogRecord(2, new byte[] {3})));
            store.database().inTransaction("damaging a block", connection -> connection.createStatement()
                    .executeUpdate("UPDATE receiver_log SET data = zeroblob(LENGTH(data)) WHERE last_seq = 2"));

            assertEquals(List.of(3L), store.receiverLog().readAfter(0).stream().map(LoggedRecord::sequence).toList());
            assertEquals(1, store.counters().get(LOG_BLOCKS_UNREADABLE));
            assertEquals(1, LogFile.linesContaining("receiver log block 1..2 is unreadable (its bytes fail their "
                    + "CRC32 check)").size());
        }
    }
}
