package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.Recovery;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut during the very first batch: its readings are in the log but no checkpoint exists yet. The
 * restart must put the batch grid back where it was, or a window sliding every 2 batches emits at other times.
 */
class FirstBatchRecoveryTest {

    private static final Duration B = Duration.ofSeconds(1);
    private static final int BATCHES = 7;

    @TempDir
    Path dir;

    private static List<Reading> readings(int k) {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i <= k % 3; i++) {
            readings.add(Reading.of("door", "bus" + i, 0, 0, Map.of("in", (double) (k + i), "out", 0.0)));
        }
        return readings;
    }

    /** Boardings per bus over 4 batches, every 2 batches. */
    private static ReceiverInputDStream<Reading> pipeline(StreamingContext context, List<String> out) {
        ReceiverInputDStream<Reading> doors = context.receiverStream("doors", 4096);
        doors.mapToPair(r -> Pair.of(r.key(), (long) r.value("in")))
                .reduceByKeyAndWindow(Long::sum, B.multipliedBy(4), B.multipliedBy(2))
                .foreachBatch(batch -> {
                    List<String> records = new ArrayList<>();
                    batch.forEach(record -> records.add(record.toString()));
                    records.sort(null);
                    out.add(batch.time() + " " + records);
                });
        return doors;
    }

    @Test
    void aCrashBeforeTheFirstCheckpointKeepsTheBatchGrid() throws Exception {
        List<String> expected = new ArrayList<>();
        ManualClock referenceClock = new ManualClock();
        StreamingContext reference = new StreamingContext(B, referenceClock);
        ReceiverInputDStream<Reading> referenceDoors = pipeline(reference, expected);
        reference.start();
        for (int k = 0; k < BATCHES; k++) {
            for (Reading reading : readings(k)) {
                referenceDoors.receiver().push(reading);
            }
            referenceClock.advance(B);
        }
        reference.stop(false);

        RecordCodec codec = new RecordCodec();
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            // The engine took the first batch's block and logged it; the power failed before the batch closed.
            new StoreJournal(store.receiverLog(), codec).append("doors", B.toMillis(), new ArrayList<>(readings(0)));
        }

        List<String> actual = new ArrayList<>();
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            Recovery recovery = CheckpointRecovery.load(store, codec, B.toMillis()).orElseThrow();
            ManualClock clock = new ManualClock();
            StreamingContext restarted = new StreamingContext(B, clock);
            ReceiverInputDStream<Reading> doors = pipeline(restarted, actual);
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec);
            restarted.setReceivedDataLog(journal);
            restarted.setBatchCommitter(new Checkpointer(store, codec, journal, new OutboxBuffer(), 1, System::nanoTime));
            restarted.recoverFrom(recovery);
            restarted.start();
            assertEquals(B.toMillis(), restarted.firstBatchTime(), "the first batch is the one that was logged");
            for (int k = 1; k < BATCHES; k++) {
                for (Reading reading : readings(k)) {
                    doors.receiver().push(reading);
                }
                clock.advance(B);
            }
            restarted.stop(false);
        }
        assertEquals(expected, actual);
    }
}
