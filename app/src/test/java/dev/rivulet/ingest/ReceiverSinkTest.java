package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.memory.InMemoryStore;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverSinkTest {

    private static final Duration B = Duration.ofSeconds(1);

    @Test
    void acknowledgesAfterTheBatchCompletesAndNeverAfterStop() throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 16);
        List<Integer> sizes = new ArrayList<>();
        AtomicInteger acknowledged = new AtomicInteger();
        input.foreachBatch(batch -> sizes.add(batch.size() * 100 + acknowledged.get()));
        ReceiverSink sink = new ReceiverSink(input.receiver());
        context.start();

        Reading reading = Reading.of("door", "bus-1", 0, 0, Map.of("in", 2.0, "out", 1.0));
        sink.push(reading, acknowledged::incrementAndGet);
        sink.push(reading, acknowledged::incrementAndGet);
        assertEquals(0, acknowledged.get(), "nothing is acknowledged before its batch completes");
        clock.advance(B);
        assertEquals(List.of(200), sizes, "the output saw both readings and no acknowledgement yet");
        assertEquals(2, acknowledged.get());

        context.stop(false);
        sink.push(reading, acknowledged::incrementAndGet);
        assertEquals(2, acknowledged.get());
        assertEquals(1, sink.refused());
    }

    @Test
    void aFlushHasTheLogTakeWhatWasPushedNowAndLeavesItInItsBatch(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 64);
        List<Integer> sizes = new ArrayList<>();
        input.foreachBatch(batch -> sizes.add(batch.size()));
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            context.setReceivedDataLog(new StoreJournal(store.receiverLog(), new RecordCodec()));
            AtomicInteger pushes = new AtomicInteger();
            ReceiverSink sink = new ReceiverSink(input.receiver(), ReceiverSink.Intake.OPEN, RateLimit.NONE,
                    pushes::incrementAndGet);
            context.start();

            CountDownLatch durable = new CountDownLatch(2);
            Reading reading = Reading.of("door", "bus-1", 0, 0, Map.of("in", 2.0, "out", 1.0));
            for (int id = 1; id <= 2; id++) {
                Delivery delivery = new Delivery("doors", id, id, false);
                sink.push(reading, new Acknowledgement() {
                    @Override
                    public void acknowledge() {
                        durable.countDown();
                    }

                    @Override
                    public Delivery delivery() {
                        return delivery;
                    }
                });
            }
            assertEquals(2, pushes.get(), "told after each reading");
            clock.advance(Duration.ZERO);   // the engine takes what is queued for it, as its thread would
            assertEquals(2, durable.getCount(), "a block of 32 with 2 readings waits for the batch's end");
            sink.flush();
            clock.advance(Duration.ZERO);
            assertEquals(0, durable.getCount(), "logged, so acknowledged, before the batch ended");
            assertEquals(List.of(), sizes);
            clock.advance(B);
            assertEquals(List.of(2), sizes, "both in the batch of their interval");
            context.stop(false);
        }
    }

    /**
     * Past the source's max-keys a new key's reading is dead-lettered and acknowledged, never taken; the keys whose
     * readings the log took are written with them, and a journal opened on the same store (a restart) hands them back.
     */
    @Test
    void aNewKeyPastTheLimitIsDeadLetteredAndAcknowledgedAndTheLoggedKeysOutliveARestart(@TempDir Path dir)
            throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 64);
        List<String> taken = new ArrayList<>();
        input.foreachBatch(batch -> batch.forEach(reading -> taken.add(reading.key())));
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            StoreJournal journal = new StoreJournal(store.receiverLog(), new RecordCodec());
            context.setReceivedDataLog(journal);
            List<DeadLetter> letters = new ArrayList<>();
            KeyLimit keys = new KeyLimit("doors", 2, journal.keepKeysOf("doors"));
            ReceiverSink sink = new ReceiverSink(input.receiver(), ReceiverSink.Intake.OPEN, RateLimit.NONE, keys,
                    letters::add, () -> { });
            context.start();

            AtomicInteger acknowledged = new AtomicInteger();
            for (String bus : List.of("bus-1", "bus-2", "bus-1", "bus-3", "bus-2")) {
                sink.push(Reading.of("door", bus, 0, 0, Map.of("in", 1.0, "out", 0.0)), acknowledged::incrementAndGet);
            }
            assertEquals(1, acknowledged.get(), "only the refused reading is acknowledged before its batch is logged");
            assertEquals(1, letters.size());
            DeadLetter letter = letters.get(0);
            assertEquals("doors", letter.source());
            assertTrue(letter.reason().contains("key 'bus-3'") && letter.reason().contains("max-keys 2")
                    && letter.reason().contains("raise sources.doors.max-keys"), letter.reason());
            assertTrue(letter.rawText().contains("bus-3"), letter.rawText());
            clock.advance(B);
            assertEquals(List.of("bus-1", "bus-2", "bus-1", "bus-2"), taken);
            assertEquals(5, acknowledged.get());
            assertEquals(1, keys.refused());
            context.stop(false);

            assertEquals(Set.of("bus-1", "bus-2"),
                    Set.copyOf(new StoreJournal(store.receiverLog(), new RecordCodec()).keepKeysOf("doors")));
            assertEquals(Set.of(), new StoreJournal(store.receiverLog(), new RecordCodec()).keepKeysOf("beams"));
        }
    }

    /**
     * The values of a label a pipeline keys its state by are limited like keys: past the limit a reading bringing a
     * new one is dead-lettered with a reason naming the label; the values taken are written to the SQLite file with
     * the readings and a journal opened on it again (a restart) hands them back, apart from the keys.
     */
    @Test
    void aKeyedLabelsNewValuePastTheLimitIsDeadLetteredAndTheValuesOutliveARestart(@TempDir Path dir)
            throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 64);
        List<String> taken = new ArrayList<>();
        input.foreachBatch(batch -> batch.forEach(reading -> taken.add(reading.label("stop"))));
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            StoreJournal journal = new StoreJournal(store.receiverLog(), new RecordCodec());
            context.setReceivedDataLog(journal);
            List<DeadLetter> letters = new ArrayList<>();
            Set<String> keysBefore = journal.keepKeysOf("doors");
            KeyLimit keys = new KeyLimit("doors", 2, keysBefore, Map.of("stop", journal.keepLabelValuesOf("doors", "stop")));
            ReceiverSink sink = new ReceiverSink(input.receiver(), ReceiverSink.Intake.OPEN, RateLimit.NONE, keys,
                    letters::add, () -> { });
            context.start();
            for (String stop : List.of("S1", "S2", "S1", "S3")) {
                sink.push(Reading.of("door", "bus-1", 0, 0, Map.of("in", 1.0), Map.of("stop", stop)), () -> { });
            }
            assertEquals(1, letters.size());
            String reason = letters.get(0).reason();
            assertTrue(reason.contains("value 'S3' would be value 3 of label 'stop' of source 'doors'")
                    && reason.contains("max-keys 2") && reason.contains("raise sources.doors.max-keys"), reason);
            clock.advance(B);
            assertEquals(List.of("S1", "S2", "S1"), taken);
            context.stop(false);
        }
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            StoreJournal restarted = new StoreJournal(store.receiverLog(), new RecordCodec());
            assertEquals(Set.of("bus-1"), Set.copyOf(restarted.keepKeysOf("doors")), "the keys, without the stops");
            assertEquals(Set.of("S1", "S2"), Set.copyOf(restarted.keepLabelValuesOf("doors", "stop")));
            assertEquals(Set.of(), restarted.keepLabelValuesOf("doors", "trip"));
        }
    }

    /** Without a limit the journal writes no key. */
    @Test
    void aJournalKeepsTheKeysOfNoReceiverUnlessAsked(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 64);
        input.foreachBatch(batch -> { });
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            context.setReceivedDataLog(new StoreJournal(store.receiverLog(), new RecordCodec()));
            ReceiverSink sink = new ReceiverSink(input.receiver());
            context.start();
            sink.push(Reading.of("door", "bus-1", 0, 0, Map.of("in", 1.0, "out", 0.0)), () -> { });
            clock.advance(B);
            context.stop(false);
            assertEquals(1, store.receiverLog().lastSequence());
            assertEquals(List.of(), store.receiverLog().admittedKeys());
        }
    }

    /** A reading read from a file says where: the log keeps the newest place per file with the block holding it. */
    @Test
    void theLogKeepsHowFarEachFileWasReadWithItsReadings(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("files", 64);
        input.foreachBatch(batch -> { });
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            context.setReceivedDataLog(new StoreJournal(store.receiverLog(), new RecordCodec()));
            ReceiverSink sink = new ReceiverSink(input.receiver());
            context.start();
            Reading reading = Reading.of("files", "bus-1", 0, 0, Map.of("in", 1.0, "out", 0.0));
            for (FilePosition at : List.of(new FilePosition("a.csv", 7, 1, 0, false), new FilePosition("b.csv", 8, 1, 0, true),
                    new FilePosition("a.csv", 7, 2, 0, false), new FilePosition("a.csv", 7, 3, 1, true))) {
                sink.push(reading, new Acknowledgement() {
                    @Override
                    public void acknowledge() {
                    }

                    @Override
                    public FilePosition position() {
                        return at;
                    }
                });
            }
            clock.advance(B);
            context.stop(false);
            assertEquals(4, store.receiverLog().lastSequence());
            assertEquals(Set.of(new FileMark("files", "a.csv", 7, 3, 1, true), new FileMark("files", "b.csv", 8, 1, 0, true)),
                    Set.copyOf(store.receiverLog().fileMarks()));
        }
    }
}
