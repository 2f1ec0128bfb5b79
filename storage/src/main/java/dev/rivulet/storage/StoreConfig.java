package dev.rivulet.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of the store, with its default, declared once. The config keys named in the comments are the ones
 * the application's configuration file uses; validation messages name them.
 *
 * @param stateDirectory         {@code storage.state-directory}: directory holding the database file; created if
 *                               missing. Ignored by the in-memory store.
 * @param fileName               {@code storage.file}: database file name, default {@code rivulet.db}
 * @param synchronous            {@code storage.synchronous}: FULL (default) flushes every commit
 * @param busyTimeout            {@code storage.busy-timeout}: how long to wait for a lock held by another process
 * @param checkpointsRetained    {@code storage.checkpoints.retained}: how many checkpoints to keep, default 3
 * @param logMaxBytes            {@code storage.log.max-bytes}: payload bytes the receiver log may hold before
 *                               its oldest blocks are dropped, default 64 MiB
 * @param logMaxAge              {@code storage.log.max-age}: age past which log blocks are dropped, default 24 h
 * @param outboxMaxMessages      {@code storage.outbox.max-messages}: queued messages before the oldest are
 *                               dropped, default 10,000
 * @param retiredIdsRetained     {@code storage.outbox.remembered-ids}: delivered or dropped message ids
 *                               remembered to skip repeats, default 100,000
 * @param deadLettersMaxRows     {@code storage.dead-letters.max-rows}: default 1,000
 * @param deadLettersMaxAge      {@code storage.dead-letters.max-age}: default 7 days
 * @param deadLetterMaxRawBytes  {@code storage.dead-letters.max-raw-bytes}: raw bytes kept per dead letter,
 *                               default 4,096
 * @param pageSize               {@code storage.page-size}: SQLite page size for a new file, default 4,096
 * @param walAutocheckpointPages {@code storage.wal-autocheckpoint}: WAL pages before SQLite copies them into the
 *                               database file, default 1,000 (about 4 MiB)
 * @param maxPageCount           {@code storage.max-pages}: size limit of the database file in pages, 0 for none
 */
public record StoreConfig(Path stateDirectory, String fileName, SyncMode synchronous, Duration busyTimeout,
                          int checkpointsRetained, long logMaxBytes, Duration logMaxAge, int outboxMaxMessages,
                          int retiredIdsRetained, int deadLettersMaxRows, Duration deadLettersMaxAge,
                          int deadLetterMaxRawBytes, int pageSize, int walAutocheckpointPages, long maxPageCount) {

    /** Default database file name. */
    public static final String DEFAULT_FILE_NAME = "rivulet.db";

    /** Validates every setting; the message names the key, the bad value and the fix. */
    public StoreConfig {
        Objects.requireNonNull(fileName, "storage.file");
        Objects.requireNonNull(synchronous, "storage.synchronous");
        if (fileName.isBlank() || fileName.contains("/")) {
            throw invalid("storage.file", fileName, "a plain file name such as rivulet.db");
        }
        requirePositive("storage.busy-timeout", busyTimeout);
        requireAtLeast("storage.checkpoints.retained", checkpointsRetained, 1);
        requireAtLeast("storage.log.max-bytes", logMaxBytes, 1);
        requirePositive("storage.log.max-age", logMaxAge);
        requireAtLeast("storage.outbox.max-messages", outboxMaxMessages, 1);
        requireAtLeast("storage.outbox.remembered-ids", retiredIdsRetained, 1);
        requireAtLeast("storage.dead-letters.max-rows", deadLettersMaxRows, 1);
        requirePositive("storage.dead-letters.max-age", deadLettersMaxAge);
        requireAtLeast("storage.dead-letters.max-raw-bytes", deadLetterMaxRawBytes, 0);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw invalid("storage.page-size", pageSize, "a power of two from 512 to 65536, such as 4096");
        }
        requireAtLeast("storage.wal-autocheckpoint", walAutocheckpointPages, 1);
        requireAtLeast("storage.max-pages", maxPageCount, 0);
    }

    /** The defaults, with the database in {@code stateDirectory}. */
    public static StoreConfig defaults(Path stateDirectory) {
        return builder(stateDirectory).build();
    }

    /** A builder starting from the defaults, with the database in {@code stateDirectory}. */
    public static Builder builder(Path stateDirectory) {
        return new Builder(stateDirectory);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder builder = new Builder(stateDirectory);
        builder.fileName = fileName;
        builder.synchronous = synchronous;
        builder.busyTimeout = busyTimeout;
        builder.checkpointsRetained = checkpointsRetained;
        builder.logMaxBytes = logMaxBytes;
        builder.logMaxAge = logMaxAge;
        builder.outboxMaxMessages = outboxMaxMessages;
        builder.retiredIdsRetained = retiredIdsRetained;
        builder.deadLettersMaxRows = deadLettersMaxRows;
        builder.deadLettersMaxAge = deadLettersMaxAge;
        builder.deadLetterMaxRawBytes = deadLetterMaxRawBytes;
        builder.pageSize = pageSize;
        builder.walAutocheckpointPages = walAutocheckpointPages;
        builder.maxPageCount = maxPageCount;
        return builder;
    }

    /** The database file. */
    public Path databaseFile() {
        Objects.requireNonNull(stateDirectory, "storage.state-directory must be set for a file store");
        return stateDirectory.resolve(fileName);
    }

    private static void requireAtLeast(String key, long value, long minimum) {
        if (value < minimum) {
            throw invalid(key, value, "a whole number of at least " + minimum);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, value, "a positive duration such as 5s");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String fix) {
        return new IllegalArgumentException(key + " = " + value + " is invalid: use " + fix);
    }

    /** Builds a {@link StoreConfig}; every setting starts at its default. See the record's components. */
    public static final class Builder {
        private final Path stateDirectory;
        private String fileName = DEFAULT_FILE_NAME;
        private SyncMode synchronous = SyncMode.FULL;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private int checkpointsRetained = 3;
        private long logMaxBytes = 64L << 20;
        private Duration logMaxAge = Duration.ofHours(24);
        private int outboxMaxMessages = 10_000;
        private int retiredIdsRetained = 100_000;
        private int deadLettersMaxRows = 1_000;
        private Duration deadLettersMaxAge = Duration.ofDays(7);
        private int deadLetterMaxRawBytes = 4096;
        private int pageSize = 4096;
        private int walAutocheckpointPages = 1000;
        private long maxPageCount = 0;

        private Builder(Path stateDirectory) {
            this.stateDirectory = stateDirectory;
        }

        /** Sets {@code storage.file}. */
        public Builder fileName(String value) {
            fileName = value;
            return this;
        }

        /** Sets {@code storage.synchronous}. */
        public Builder synchronous(SyncMode value) {
            synchronous = value;
            return this;
        }

        /** Sets {@code storage.busy-timeout}. */
        public Builder busyTimeout(Duration value) {
            busyTimeout = value;
            return this;
        }

        /** Sets {@code storage.checkpoints.retained}. */
        public Builder checkpointsRetained(int value) {
            checkpointsRetained = value;
            return this;
        }

        /** Sets {@code storage.log.max-bytes}. */
        public Builder logMaxBytes(long value) {
            logMaxBytes = value;
            return this;
        }

        /** Sets {@code storage.log.max-age}. */
        public Builder logMaxAge(Duration value) {
            logMaxAge = value;
            return this;
        }

        /** Sets {@code storage.outbox.max-messages}. */
        public Builder outboxMaxMessages(int value) {
            outboxMaxMessages = value;
            return this;
        }

        /** Sets {@code storage.outbox.remembered-ids}. */
        public Builder retiredIdsRetained(int value) {
            retiredIdsRetained = value;
            return this;
        }

        /** Sets {@code storage.dead-letters.max-rows}. */
        public Builder deadLettersMaxRows(int value) {
            deadLettersMaxRows = value;
            return this;
        }

        /** Sets {@code storage.dead-letters.max-age}. */
        public Builder deadLettersMaxAge(Duration value) {
            deadLettersMaxAge = value;
            return this;
        }

        /** Sets {@code storage.dead-letters.max-raw-bytes}. */
        public Builder deadLetterMaxRawBytes(int value) {
            deadLetterMaxRawBytes = value;
            return this;
        }

        /** Sets {@code storage.page-size}. */
        public Builder pageSize(int value) {
            pageSize = value;
            return this;
        }

        /** Sets {@code storage.wal-autocheckpoint}. */
        public Builder walAutocheckpointPages(int value) {
            walAutocheckpointPages = value;
            return this;
        }

        /** Sets {@code storage.max-pages}. */
        public Builder maxPageCount(long value) {
            maxPageCount = value;
            return this;
        }

        /** The validated configuration. */
        public StoreConfig build() {
            return new StoreConfig(stateDirectory, fileName, synchronous, busyTimeout, checkpointsRetained,
                    logMaxBytes, logMaxAge, outboxMaxMessages, retiredIdsRetained, deadLettersMaxRows,
                    deadLettersMaxAge, deadLetterMaxRawBytes, pageSize, walAutocheckpointPages, maxPageCount);
        }
    }
}
