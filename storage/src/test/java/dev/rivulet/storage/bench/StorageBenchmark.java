package dev.rivulet.storage.bench;

import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.SyncMode;
import dev.rivulet.storage.codec.Codec;
import dev.rivulet.storage.codec.Codecs;
import dev.rivulet.storage.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The storage benchmark: receiver-log throughput with synchronous FULL and NORMAL, checkpoint time for 10,000
 * keys, and SD-card wear for one simulated hour at 1,000 readings per second. Run it with
 * {@code mvn -q -pl storage test-compile exec:java@storage-bench}; results go to standard output.
 */
public final class StorageBenchmark {

    private static final int BLOCK = 1000;
    private static final Codec<Map<String, Map.Entry<Long, Double>>> STATE =
            Codecs.mapOf(Codecs.STRING, Codecs.entryOf(Codecs.LONG, Codecs.DOUBLE));

    private final Path directory;

    private StorageBenchmark(Path directory) {
        this.directory = directory;
    }

    /** Runs every part; the optional argument is the directory to work in (default target/storage-bench). */
    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0]
                : System.getProperty("rivulet.bench.dir", "target/storage-bench"));
        StorageBenchmark benchmark = new StorageBenchmark(directory);
        System.out.printf("Storage benchmark in %s (%s, %d cores)%n", directory.toAbsolutePath(),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
        for (SyncMode mode : List.of(SyncMode.FULL, SyncMode.NORMAL)) {
            benchmark.logThroughput(mode);
        }
        benchmark.checkpointTime(10_000);
        int seconds = Integer.getInteger("rivulet.bench.seconds", 3600);
        benchmark.wear(seconds, BLOCK, 1);
        benchmark.wear(seconds, BLOCK, 10);
    }

    private SqliteStore freshStore(String name, SyncMode mode) throws IOException {
        Path dir = directory.resolve(name);
        deleteRecursively(dir);
        return SqliteStore.open(StoreConfig.builder(dir).synchronous(mode).build(), Clock.systemUTC());
    }

    /** Readings per second appended in blocks of 1,000, one transaction per block. */
    private void logThroughput(SyncMode mode) throws IOException {
        int blocks = 300;
        List<List<LogRecord>> prepared = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            prepared.add(BenchReadings.block(b * 1000L, BLOCK));
        }
        try (SqliteStore store = freshStore("log-" + mode, mode)) {
            for (int b = 0; b < 30; b++) {
                store.receiverLog().append(prepared.get(b % prepared.size()));
            }
            long start = System.nanoTime();
            for (int b = 0; b < blocks; b++) {
                store.receiverLog().append(prepared.get(b % prepared.size()));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("log, synchronous=%s: %,d readings of %d bytes in blocks of %,d: %,.0f readings/s "
                    + "(%.2f ms per block commit)%n", mode, blocks * BLOCK, prepared.get(0).get(0).payload().length,
                    BLOCK, blocks * BLOCK / seconds, seconds * 1000 / blocks);
        }
    }

    /** Time to encode and commit a checkpoint of {@code keys} keyed states (median of 21). */
    private void checkpointTime(int keys) throws IOException {
        Map<String, Map.Entry<Long, Double>> state = new LinkedHashMap<>();
        for (int key = 0; key < keys; key++) {
            state.put(String.format("bus-%03d/sensor-%05d", key % 500, key), Map.entry((long) key, key * 0.5));
        }
        try (SqliteStore store = freshStore("checkpoint", SyncMode.FULL)) {
            int runs = 21;
            long[] encode = new long[runs];
            long[] commit = new long[runs];
            int size = 0;
            for (int run = 0; run < runs + 5; run++) {
                long start = System.nanoTime();
                byte[] blob = STATE.encode(state);
                long encoded = System.nanoTime();
                store.checkpoints().commit(Checkpoint.of(run, 0, Map.of("updateStateByKey", blob)), List.of());
                long committed = System.nanoTime();
                if (run >= 5) {
                    encode[run - 5] = encoded - start;
                    commit[run - 5] = committed - encoded;
                }
                size = blob.length;
            }
            Arrays.sort(encode);
            Arrays.sort(commit);
            System.out.printf("checkpoint, %,d keys (%,d bytes), synchronous=FULL: encode %.2f ms, commit %.2f ms "
                    + "(medians of %d; commit max %.2f ms)%n", keys, size, encode[runs / 2] / 1e6,
                    commit[runs / 2] / 1e6, runs, commit[runs - 1] / 1e6);
        }
    }

    /**
     * One simulated second (one batch) after another, as fast as the disk allows: a block of {@code perSecond}
     * readings, a summary message per batch, and every {@code checkpointEvery} batches a checkpoint (state of up
     * to 500 keys, with the summaries) followed by the delivery of those summaries. The bytes this process wrote
     * to the device, divided by the reading payload received, is the amplification.
     */
    private void wear(int seconds, int perSecond, int checkpointEvery) throws IOException {
        Map<String, Map.Entry<Long, Double>> state = new LinkedHashMap<>();
        List<OutboxMessage> summaries = new ArrayList<>();
        try (SqliteStore store = freshStore("wear", SyncMode.FULL)) {
            long payload = 0;
            ProcessIo start = ProcessIo.now();
            long startNanos = System.nanoTime();
            for (int second = 0; second < seconds; second++) {
                long batchTime = second * 1000L;
                List<LogRecord> block = BenchReadings.block(batchTime, perSecond);
                payload += BenchReadings.payloadBytes(block);
                long covered = store.receiverLog().append(block);
                state.put(String.format("bus-%03d/sensor-%05d", second % 500, second % 500),
                        Map.entry(batchTime, second * 0.5));
                summaries.add(new OutboxMessage("summary-" + second, "up/summary",
                        ("{\"batch\":" + batchTime + ",\"count\":" + perSecond + "}").getBytes(StandardCharsets.UTF_8),
                        1, false));
                if ((second + 1) % checkpointEvery == 0) {
                    store.checkpoints().commit(Checkpoint.of(batchTime, covered, Map.of("state", STATE.encode(state))),
                            summaries);
                    for (OutboxMessage summary : summaries) {
                        store.outbox().markDelivered(summary.id());
                    }
                    summaries.clear();
                }
            }
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            ProcessIo written = ProcessIo.now().since(start);
            double perHour = 3600.0 / seconds;
            System.out.printf("wear, %,d readings/s for %,d simulated s (%.1f s real), checkpoint every %d batches of "
                    + "1 s, synchronous=FULL, page 4096, wal_autocheckpoint 1000:%n", perSecond, seconds, elapsed,
                    checkpointEvery);
            System.out.printf("  payload received %,d bytes/h; written to the device (write_bytes) %,d bytes/h; "
                    + "passed to write() (wchar) %,d bytes/h%n", (long) (payload * perHour),
                    (long) (written.writeBytes() * perHour), (long) (written.wchar() * perHour));
            System.out.printf("  write amplification %.2f (device) / %.2f (write calls); database now %,d bytes%n",
                    (double) written.writeBytes() / payload, (double) written.wchar() / payload,
                    store.sizeOnDiskBytes());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
