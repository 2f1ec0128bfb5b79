package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.Recovery;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on a real SQLite file: a restart resumes from disk and gives the outputs of an uninterrupted run. */
class SqliteRecoveryTest {

    private static final Duration B = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private static Reading reading(int k, int i) {
        return Reading.of("door", "bus" + (k + i) % 4, 0, 0, Map.of("in", (double) (i % 3), "out", (double) (k % 2)));
    }

    private static int perBatch(int k) {
        return k % 5 == 2 ? 0 : 3 + k % 4;
    }

    /** Occupancy per bus, an alert into the outbox when it passes 5, and 3-batch boardings. */
    private static ReceiverInputDStream<Reading> pipeline(StreamingContext context, List<String> out, OutboxBuffer outbox) {
        ReceiverInputDStream<Reading> in = context.receiverStream("doors", 4096);
        PairDStream<String, Long> occupancy = in
                .mapToPair(r -> Pair.of(r.key(), (long) (r.value("in") - r.value("out"))))
                .reduceByKey(Long::sum)
                .updateStateByKey((values, state) -> Optional.of(Math.max(0L,
                        state.orElse(0L) + values.stream().mapToLong(Long::longValue).sum())));
        occupancy.foreachBatch(batch -> out.add(batch.time() + " occupancy " + sorted(batch.records())));
        occupancy.filter(bus -> bus.value() > 5).foreachBatch(batch -> batch.forEach(bus -> outbox.add(new OutboxMessage(
                "alert/" + bus.key() + "/" + batch.time(), "alerts", bus.toString().getBytes(StandardCharsets.UTF_8), 1, false))));
        in.mapToPair(r -> Pair.of(r.key(), (long) r.value("in")))
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(3), B)
                .foreachBatch(batch -> out.add(batch.time() + " boardings3 " + sorted(batch.records())));
        return in;
    }

    /** The pipeline with its received data logged to {@code store} and a checkpoint every batch. */
    private static ReceiverInputDStream<Reading> durablePipeline(StreamingContext context, Store store, RecordCodec codec,
                                                                 List<String> out) {
        OutboxBuffer outbox = new OutboxBuffer();
        ReceiverInputDStream<Reading> in = pipeline(context, out, outbox);
        StoreJournal journal = new StoreJournal(store.receiverLog(), codec);
        context.setReceivedDataLog(journal);
        context.setBatchCommitter(new Checkpointer(store, codec, journal, outbox, 1, System::nanoTime));
        return in;
    }

    private static List<String> sorted(List<?> records) {
        List<String> text = new ArrayList<>();
        records.forEach(r -> text.add(r.toString()));
        text.sort(null);
        return text;
    }

    private Store open() {
        return SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC());
    }

    @Test
    void restartFromDiskEqualsAnUninterruptedRun() throws Exception {
        int batches = 14;
        List<String> expected = new ArrayList<>();
        ManualClock reference = new ManualClock();
        StreamingContext uninterrupted = new StreamingContext(B, reference);
        ReceiverInputDStream<Reading> refIn = pipeline(uninterrupted, expected, new OutboxBuffer());
        uninterrupted.start();
        for (int k = 0; k < batches; k++) {
            for (int i = 0; i < perBatch(k); i++) {
                refIn.receiver().push(reading(k, i));
            }
            reference.advance(B);
        }

        List<String> actual = new ArrayList<>();
        RecordCodec codec = new RecordCodec();
        int crashAfter = 8;
        try (Store store = open()) {
            ManualClock clock = new ManualClock();
            StreamingContext first = new StreamingContext(B, clock);
            ReceiverInputDStream<Reading> in = durablePipeline(first, store, codec, actual);
            first.start();
            for (int k = 0; k <= crashAfter; k++) {
                for (int i = 0; i < perBatch(k); i++) {
                    in.receiver().push(reading(k, i));
                }
                clock.advance(B);
            }
            // The readings of the next batch reach the log, then the power fails before the batch closes.
            for (int i = 0; i < perBatch(crashAfter + 1); i++) {
                in.receiver().push(reading(crashAfter + 1, i));
            }
            first.stop(false);
        }
        // Pushed records reach the log only when the engine takes their block: do that as the engine would.
        try (Store store = open()) {
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec);
            List<Object> pending = new ArrayList<>();
            for (int i = 0; i < perBatch(crashAfter + 1); i++) {
                pending.add(reading(crashAfter + 1, i));
            }
            journal.append("doors", 1000L * (crashAfter + 2), pending);
        }

        try (Store store = open()) {
            assertTrue(store.outbox().depth() > 0, "alerts of the first life wait in the outbox");
            long alertsBefore = store.outbox().depth();
            Recovery recovery = CheckpointRecovery.load(store, codec, B.toMillis()).orElseThrow();
            assertEquals(1000L * (crashAfter + 1), recovery.state().batchTime());
            assertEquals(List.of(1000L * (crashAfter + 2)), List.copyOf(recovery.logged().keySet()));

            ManualClock clock = new ManualClock(1000L * (crashAfter + 2) + 500);
            StreamingContext second = new StreamingContext(B, clock);
            ReceiverInputDStream<Reading> in = durablePipeline(second, store, codec, actual);
            second.recoverFrom(recovery);
            second.start();
            for (int k = crashAfter + 2; k < batches; k++) {
                for (int i = 0; i < perBatch(k); i++) {
                    in.receiver().push(reading(k, i));
                }
                clock.advance(k == crashAfter + 2 ? Duration.ofMillis(500) : B);
            }
            second.stop(false);
            assertTrue(store.outbox().depth() >= alertsBefore);
        }
        assertEquals(expected, actual);
    }
}
