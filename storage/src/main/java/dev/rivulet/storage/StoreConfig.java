package dev.rivulet.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Every setting of the store, with its default, declared once: the application's configuration reads its
 * {@code storage} keys with these defaults, and validation messages name those keys. Settings the configuration
 * file does not offer are named by their builder method ({@code StoreConfig.busyTimeout}).
 *
 * @param stateDirectory         {@code storage.directory}: directory holding the database file; created if
 *                               missing. Ignored by the in-memory store.
 * @param fileName               {@code StoreConfig.fileName}: database file name, default {@code rivulet.db}
 * @param synchronous            {@code storage.synchronous}: FULL (default) flushes every commit
 * @param busyTimeout            {@code StoreConfig.busyTimeout}: how long to wait for a lock held by another process
 * @param checkpointsRetained    {@code storage.checkpoints-retained}: how many checkpoints to keep, default 3
 * @param logMaxBytes            {@code StoreConfig.logMaxBytes}: payload bytes the receiver log may hold before
 *                               its oldest blocks are dropped, default 64 MiB
 * @param logMaxAge              {@code StoreConfig.logMaxAge}: age past which log blocks are dropped, default 24 h
 * @param outboxMaxMessages      {@code storage.outbox-max-messages}: queued messages before the oldest are
 *                               dropped, default 100,000
 * @param retiredIdsRetained     {@code StoreConfig.retiredIdsRetained}: delivered or dropped message ids
 *                               remembered to skip repeats, default 100,000
 * @param deadLettersMaxRows     {@code StoreConfig.deadLettersMaxRows}: default 1,000
 * @param deadLettersMaxAge      {@code StoreConfig.deadLettersMaxAge}: default 7 days
 * @param deadLetterMaxRawBytes  {@code StoreConfig.deadLetterMaxRawBytes}: raw bytes kept per dead letter,
 *                               default 1,024: enough to see what went wrong
 * @param pageSize               {@code StoreConfig.pageSize}: SQLite page size for a new file, default 4,096
 * @param walAutocheckpointPages {@code StoreConfig.walAutocheckpointPages}: WAL pages before SQLite copies them
 *                               into the database file, default 1,000 (about 4 MiB)
 * @param maxPageCount           from {@code storage.max-megabytes}: size limit of the database file in pages,
 *                               0 (default) for none
 */
public record StoreConfig(Path stateDirectory, String fileName, SyncMode synchronous, Duration busyTimeout,
                          int checkpointsRetained, long logMaxBytes, Duration logMaxAge, int outboxMaxMessages,
                          int retiredIdsRetained, int deadLettersMaxRows, Duration deadLettersMaxAge,
                          int deadLetterMaxRawBytes, int pageSize, int walAutocheckpointPages, long maxPageCount) {

    /** Default database file name. */
    public static final String DEFAULT_FILE_NAME = "rivulet.db";

    /** Validates every setting; the message names the key, the bad value and the fix. */
    public StoreConfig {
        Objects.requireNonNull(fileName, "StoreConfig.fileName");
        Objects.requireNonNull(synchronous, "storage.synchronous");
        if (fileName.isBlank() || fileName.contains("/")) {
            throw invalid("StoreConfig.fileName", fileName, "a plain file name such as rivulet.db");
        }
        requirePositive("StoreConfig.busyTimeout", busyTimeout);
        requireAtLeast("storage.checkpoints-retained", checkpointsRetained, 1);
        requireAtLeast("StoreConfig.logMaxBytes", logMaxBytes, 1);
        requirePositive("StoreConfig.logMaxAge", logMaxAge);
        requireAtLeast("storage.outbox-max-messages", outboxMaxMessages, 1);
        requireAtLeast("StoreConfig.retiredIdsRetained", retiredIdsRetained, 1);
        requireAtLeast("StoreConfig.deadLettersMaxRows", deadLettersMaxRows, 1);
        requirePositive("StoreConfig.deadLettersMaxAge", deadLettersMaxAge);
        requireAtLeast("StoreConfig.deadLetterMaxRawBytes", deadLetterMaxRawBytes, 0);
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw invalid("StoreConfig.pageSize", pageSize, "a power of two from 512 to 65536, such as 4096");
        }
        requireAtLeast("StoreConfig.walAutocheckpointPages", walAutocheckpointPages, 1);
        requireAtLeast("StoreConfig.maxPageCount (from storage.max-megabytes)", maxPageCount, 0);
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
        Objects.requireNonNull(stateDirectory, "storage.directory must be set for a file store");
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
        private int outboxMaxMessages = 100_000;
        private int retiredIdsRetained = 100_000;
        private int deadLettersMaxRows = 1_000;
        private Duration deadLettersMaxAge = Duration.ofDays(7);
        private int deadLetterMaxRawBytes = 1024;
        private int pageSize = 4096;
        private int walAutocheckpointPages = 1000;
        private long maxPageCount = 0;

        private Builder(Path stateDirectory) {
            this.stateDirectory = stateDirectory;
        }

        /** Sets {@link StoreConfig#fileName()}. */
        public Builder fileName(String value) {
            fileName = value;
            return this;
        }

        /** Sets {@link StoreConfig#synchronous()}. */
        public Builder synchronous(SyncMode value) {
            synchronous = value;
            return this;
        }

        /** Sets {@link StoreConfig#busyTimeout()}. */
        public Builder busyTimeout(Duration value) {
            busyTimeout = value;
            return this;
        }

        /** Sets {@link StoreConfig#checkpointsRetained()}. */
        public Builder checkpointsRetained(int value) {
            checkpointsRetained = value;
            return this;
        }

        /** Sets {@link StoreConfig#logMaxBytes()}. */
        public Builder logMaxBytes(long value) {
            logMaxBytes = value;
            return this;
        }

        /** Sets {@link StoreConfig#logMaxAge()}. */
        public Builder logMaxAge(Duration value) {
            logMaxAge = value;
            return this;
        }

        /** Sets {@link StoreConfig#outboxMaxMessages()}. */
        public Builder outboxMaxMessages(int value) {
            outboxMaxMessages = value;
            return this;
        }

        /** Sets {@link StoreConfig#retiredIdsRetained()}. */
        public Builder retiredIdsRetained(int value) {
            retiredIdsRetained = value;
            return this;
        }

        /** Sets {@link StoreConfig#deadLettersMaxRows()}. */
        public Builder deadLettersMaxRows(int value) {
            deadLettersMaxRows = value;
            return this;
        }

        /** Sets {@link StoreConfig#deadLettersMaxAge()}. */
        public Builder deadLettersMaxAge(Duration value) {
            deadLettersMaxAge = value;
            return this;
        }

        /** Sets {@link StoreConfig#deadLetterMaxRawBytes()}. */
        public Builder deadLetterMaxRawBytes(int value) {
            deadLetterMaxRawBytes = value;
            return this;
        }

        /** Sets {@link StoreConfig#pageSize()}. */
        public Builder pageSize(int value) {
            pageSize = value;
            return this;
        }

        /** Sets {@link StoreConfig#walAutocheckpointPages()}. */
        public Builder walAutocheckpointPages(int value) {
            walAutocheckpointPages = value;
            return this;
        }

        /** Sets {@link StoreConfig#maxPageCount()}. */
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
