package dev.rivulet.archive.bench;

import dev.rivulet.archive.InputArchive;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StorageHealth;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.archive.ArchiveSettings;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the input archive costs on disk: door readings (about 50-byte JSON, 12 buses) through the write-ahead log as
 * the gateway logs them — a block per 500 ms batch of 50 readings, a checkpoint pruning the log each batch — once
 * without the archive and once with it. Prints, per reading, the log's payload bytes, the bytes the process wrote
 * to the disk ({@code /proc/self/io} write_bytes: SQLite's -wal and database file, and the archive), and the
 * archive's bytes on disk.
 *
 * <p>{@code mvn -q -pl app test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.rivulet.archive.bench.ArchiveBytesBenchmark [-Dexec.args=READINGS]}
 */
public final class ArchiveBytesBenchmark {

    private static final ReadingSchema SCHEMA = ReadingSchema.of(List.of("in", "out"), List.of("stop"));
    private static final int PER_BATCH = 50;

    private ArchiveBytesBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("archive-bench");
        for (boolean archived : new boolean[] {false, true}) {
            Path state = dir.resolve(archived ? "with" : "without");
            long writtenBefore = writeBytes();
            long logBytes;
            long archiveBytes = 0;
            try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), Clock.systemUTC())) {
                RecordCodec codec = new RecordCodec();
                InputArchive archive = archived ? InputArchive.open(state.resolve("archive"),
                        new ArchiveSettings(true, 7, 256), codec, store.receiverLog()) : null;
                StoreJournal journal = new StoreJournal(store.receiverLog(), codec, new StorageHealth(), archived);
                Random random = new Random(22);
                long time = 1_796_428_800_000L;
                for (int i = 0; i < readings; i += PER_BATCH) {
                    List<Object> records = new ArrayList<>();
                    List<Object> tags = new ArrayList<>();
                    for (int j = 0; j < PER_BATCH; j++) {
                        time += 10;
                        String bus = "bus-%02d".formatted(1 + random.nextInt(12));
                        int out = random.nextInt(4);
                        int in = out + random.nextInt(3);
                        String stop = "S" + (1 + random.nextInt(9));
                        String json = "{\"bus\":\"" + bus + "\",\"in\":" + in + ",\"out\":" + out + ",\"stop\":\"" + stop + "\"}";
                        records.add(new Reading("doors", bus, time, time, SCHEMA, new double[] {in, out}, new String[] {stop}));
                        tags.add(Acknowledgement.none(new RecordedMessage(time, "buses/door",
                                json.getBytes(StandardCharsets.UTF_8))));
                    }
                    long batch = (time / 500 + 1) * 500;
                    journal.append("doors", batch, records, tags);
                    store.checkpoints().commit(Checkpoint.of(batch, journal.lastSequence(),
                            Map.of("state", new byte[64])), List.of());
                }
                logBytes = store.counters().get(StoreCounters.Counter.LOG_BYTES_APPENDED);
                if (archive != null) {
                    archiveBytes = archive.bytes();
                }
            }
            long written = writeBytes() - writtenBefore;
            System.out.printf("%s archive: %,d readings; log payload %.1f B/reading; written to disk %.1f B/reading;"
                            + " archive on disk %.1f B/reading%n", archived ? "with" : "without", readings,
                    (double) logBytes / readings, (double) written / readings, (double) archiveBytes / readings);
        }
    }

    /** Bytes this process caused to be written to the storage layer so far ({@code /proc/self/io}). */
    private static long writeBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring("write_bytes:".length()).trim());
            }
        }
        throw new IOException("/proc/self/io has no write_bytes");
    }
}
