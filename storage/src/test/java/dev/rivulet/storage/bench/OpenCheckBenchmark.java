package dev.rivulet.storage.bench;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What checking the database costs at start: a database of about 64 MB (receiver log blocks and checkpoints, as a
 * gateway writes them), then the store's own open (which runs {@code PRAGMA quick_check}), and SQLite's
 * {@code quick_check} and {@code integrity_check} on their own, each timed three times with a cold connection.
 * Run: {@code mvn -q -pl storage test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.rivulet.storage.bench.OpenCheckBenchmark}.
 */
public final class OpenCheckBenchmark {

    private OpenCheckBenchmark() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        long targetBytes = Long.getLong("rivulet.bench.megabytes", 64) * 1024 * 1024;
        Path directory = Path.of("target", "open-check-bench");
        if (Files.exists(directory)) {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
        }
        StoreConfig config = StoreConfig.builder(directory).checkpointsRetained(1_000_000)
                .logMaxBytes(Long.MAX_VALUE).build();
        try (SqliteStore store = SqliteStore.open(config, Clock.systemUTC())) {
            long batch = 0;
            while (store.sizeOnDiskBytes() < targetBytes) {
                batch++;
                long sequence = store.receiverLog().append(BenchReadings.block(batch, 1_000));
                store.checkpoints().commit(Checkpoint.of(batch, sequence, Map.of("state", new byte[4096])), List.of());
            }
        }
        Path file = config.databaseFile();
        System.out.printf("database: %.1f MB%n", Files.size(file) / 1024.0 / 1024.0);
        for (int run = 1; run <= 3; run++) {
            long started = System.nanoTime();
            SqliteStore.open(config, Clock.systemUTC()).close();
            long open = System.nanoTime() - started;
            long quick = pragma(file, "quick_check");
            long integrity = pragma(file, "integrity_check");
            System.out.printf("run %d: store open (with quick_check) %d ms, quick_check %d ms, integrity_check %d ms%n",
                    run, open / 1_000_000, quick / 1_000_000, integrity / 1_000_000);
        }
    }

    private static long pragma(Path file, String check) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            long started = System.nanoTime();
            try (ResultSet rows = statement.executeQuery("PRAGMA " + check)) {
                while (rows.next()) {
                    if (!"ok".equals(rows.getString(1))) {
                        throw new IllegalStateException(check + ": " + rows.getString(1));
                    }
                }
            }
            return System.nanoTime() - started;
        }
    }
}
