package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.CheckpointRecovery;
import dev.rivulet.checkpoint.Checkpointer;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.StoreCounters;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk at the engine level, with a size limit on a real SQLite file: the uplink is down, the outbox
 * grows until checkpoints no longer fit. Processing and outputs go on in memory while
 * {@link Checkpointer#isFailing()} says so; when the link returns the forwarder drains the outbox, which frees
 * the space, and the next batch's checkpoint commits everything held back. No output is lost or repeated.
 */
class FullDiskTest {

    private static final Duration B = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PADDING = "x".repeat(6000);

    /** The real file system of the second test: 3 MB, the size the full disk was found on. */
    private static final String SMALL_FILE_SYSTEM = "3m";

    @TempDir
    Path dir;

    private final List<String> outputs = new ArrayList<>();

    /** Passengers per bus; every batch a 6 kB summary goes to the outbox. */
    private ReceiverInputDStream<Reading> pipeline(StreamingContext context, OutboxBuffer outbox) {
        ReceiverInputDStream<Reading> doors = context.receiverStream("doors", 4096);
        doors.mapToPair(r -> Pair.of(r.key(), (long) r.value("in")))
                .reduceByKey(Long::sum)
                .updateStateByKey((List<Long> values, Optional<Long> total) ->
                        Optional.of(total.orElse(0L) + values.stream().mapToLong(Long::longValue).sum()))
                .foreachBatch(batch -> {
                    outputs.add(batch.time() + " " + batch.size() + " buses");
                    String id = "summary/" + batch.time();
                    outbox.add(new OutboxMessage(id, "summaries",
                            (id + " " + PADDING).getBytes(StandardCharsets.UTF_8), 1, false));
                });
        return doors;
    }

    /** The pipeline with its log, checkpoints every batch and a forwarder to {@code uplink}, all started. */
    private final class Durable {
        final StreamingContext context;
        final OutboxBuffer outbox;
        final ReceiverInputDStream<Reading> doors;
        final StoreJournal journal;
        final Checkpointer checkpointer;
        final OutboxForwarder forwarder;

        Durable(Store store, RecordCodec codec, FakePublisher uplink, SteppingSleeper sleeper, ManualClock clock) {
            this(store, codec, uplink, sleeper, clock, new OutboxBuffer());
        }

        Durable(Store store, RecordCodec codec, FakePublisher uplink, SteppingSleeper sleeper, ManualClock clock,
                OutboxBuffer outbox) {
            this.outbox = outbox;
            context = new StreamingContext(B, clock);
            doors = pipeline(context, outbox);
            journal = new StoreJournal(store.receiverLog(), codec);
            checkpointer = new Checkpointer(store, codec, journal, outbox, 1, System::nanoTime);
            context.setReceivedDataLog(journal);
            context.setBatchCommitter(checkpointer);
            forwarder = new OutboxForwarder(store.outbox(), uplink, ForwarderSettings.defaults("gw"), sleeper);
            checkpointer.afterCommit(forwarder::wake);
            forwarder.start();
            context.start();
        }
    }

    /**
     * A process unpacks SQLite's native library into the first state directory it opens and keeps it mapped from
     * there: loaded here first, outside, so the small file systems below hold only what the tests put there (the
     * arithmetic of filling them) and can be unmounted.
     */
    @BeforeAll
    static void loadSqliteOutsideTheSmallFileSystems(@TempDir Path elsewhere) {
        SqliteStore.open(StoreConfig.builder(elsewhere.resolve("state")).build(), Clock.systemUTC()).close();
    }

    @Test
    void checkpointsFailWhileTheDiskIsFullProcessingGoesOnAndCheckpointingResumesWhenSpaceReturns() throws Exception {
        RecordCodec codec = new RecordCodec();
        StoreConfig limited = limitedTo80Pages();
        FakePublisher uplink = linkDown();
        SteppingSleeper sleeper = new SteppingSleeper();
        ManualClock clock = new ManualClock();
        long batch = 0;
        try (Store store = SqliteStore.open(limited, Clock.systemUTC())) {
            Durable durable = new Durable(store, codec, uplink, sleeper, clock);
            StreamingContext context = durable.context;
            OutboxBuffer outbox = durable.outbox;
            ReceiverInputDStream<Reading> doors = durable.doors;
            StoreJournal journal = durable.journal;
            Checkpointer checkpointer = durable.checkpointer;
            try (OutboxForwarder forwarder = durable.forwarder) {

                while (!checkpointer.isFailing() && batch < 200) {
                    runBatch(doors, clock, batch++);
                }
                assertTrue(checkpointer.isFailing(), "the outbox filled the 80-page limit");
                long lastGood = checkpointer.lastCheckpointBatchTime();
                long failuresAtFull = checkpointer.failures();
                long queued = store.outbox().depth();

                for (int i = 0; i < 3; i++) {
                    runBatch(doors, clock, batch++);
                }
                assertEquals(batch, outputs.size(), "every batch produced its output while the disk was full");
                assertEquals(failuresAtFull + 3, checkpointer.failures());
                assertEquals(lastGood, checkpointer.lastCheckpointBatchTime());
                assertTrue(outbox.size() >= 4, "messages of the failed checkpoints wait in memory: " + outbox.size());
                assertEquals(queued, store.outbox().depth());

                // The link returns: delivered messages leave the file and free its pages.
                uplink.connected(true);
                sleeper.allow(Long.MAX_VALUE / 4);
                assertTrue(forwarder.awaitDrained(WAIT));
                runBatch(doors, clock, batch++);
                assertFalse(checkpointer.isFailing(), "checkpointing resumed once space returned");
                assertEquals(batch * B.toMillis(), checkpointer.lastCheckpointBatchTime());
                assertEquals(0, outbox.size(), "the held-back messages went into that checkpoint");
                assertTrue(forwarder.awaitDrained(WAIT));
                context.stop(false);
            }
        }
        assertEveryBatchDeliveredOnceInOrder(uplink, batch);
        try (Store store = SqliteStore.open(limited, Clock.systemUTC())) {
            assertEquals(batch * B.toMillis(),
                    CheckpointRecovery.load(store, codec, B.toMillis()).orElseThrow().state().batchTime(),
                    "a restart now resumes from the last batch");
        }
    }

    /**
     * Checkpoints that fail for a long time (a full disk, the uplink down) must not hold back every summary in
     * memory until the heap runs out: beyond the buffer's bound the oldest held-back messages are dropped, as the
     * full outbox drops its oldest, and once a checkpoint commits they are counted and reported upstream.
     */
    @Test
    void messagesHeldBackBeyondTheirBoundAreDroppedOldestFirstCountedAndReportedUpstream() throws Exception {
        RecordCodec codec = new RecordCodec();
        StoreConfig limited = limitedTo80Pages();
        FakePublisher uplink = linkDown();
        SteppingSleeper sleeper = new SteppingSleeper();
        ManualClock clock = new ManualClock();
        int kept = 4;
        OutboxBuffer bounded = new OutboxBuffer(100_000, kept * (PADDING.length() + 32L));
        long batch = 0;
        long firstHeldBack;
        try (Store store = SqliteStore.open(limited, Clock.systemUTC())) {
            Durable durable = new Durable(store, codec, uplink, sleeper, clock, bounded);
            try (OutboxForwarder forwarder = durable.forwarder) {
                while (!durable.checkpointer.isFailing() && batch < 200) {
                    runBatch(durable.doors, clock, batch++);
                }
                assertTrue(durable.checkpointer.isFailing(), "the outbox filled the 80-page limit");
                firstHeldBack = batch;
                for (int i = 0; i < 10; i++) {
                    runBatch(durable.doors, clock, batch++);
                }
                assertEquals(kept, bounded.size(), "only the newest held-back summaries stay in memory");
                assertTrue(bounded.bytes() <= kept * (PADDING.length() + 32L), "bytes held: " + bounded.bytes());

                uplink.connected(true);
                sleeper.allow(Long.MAX_VALUE / 4);
                assertTrue(forwarder.awaitDrained(WAIT));
                runBatch(durable.doors, clock, batch++);
                assertFalse(durable.checkpointer.isFailing(), "checkpointing resumed once space returned");
                assertTrue(forwarder.awaitDrained(WAIT));
                durable.context.stop(false);
            }
            // Every summary from the first that failed to the recovery batch's own passed through the buffer; the
            // newest four of them stayed.
            long dropped = batch - firstHeldBack + 1 - kept;
            assertEquals(dropped, store.counters().get(StoreCounters.Counter.OUTBOX_DROPPED),
                    "the dropped held-back messages are counted as outbox drops");
            assertEquals(0, store.outbox().droppedUnreported(), "and reported upstream");
            List<String> expectedIds = new ArrayList<>();
            for (long k = 1; k <= batch; k++) {
                if (k < firstHeldBack || k > firstHeldBack + dropped - 1) {
                    expectedIds.add("summary/" + k * B.toMillis());
                }
            }
            List<String> delivered = uplink.deliveredPayloads();
            assertEquals(expectedIds, delivered.stream().filter(p -> p.startsWith("summary/"))
                    .map(p -> p.substring(0, p.indexOf(' '))).toList(), "the oldest held back were the ones dropped");
            assertTrue(delivered.stream().anyMatch(p -> p.contains("\"outbox-dropped\"") && p.contains("\"count\":" + dropped)),
                    "the drop is reported upstream: " + delivered.stream().filter(p -> !p.startsWith("summary/")).toList());
        }
    }

    /**
     * A real 3 MB file system (tmpfs; needs root, as CI has): a ballast file and the outbox of a dead uplink fill
     * it until nothing can be written, not even a delete. Then the ballast goes and the uplink returns:
     * checkpoints resume, the receiver log shrinks back, SQLite's -wal file does not eat the freed space, and
     * the outbox drains in order with no repeats.
     */
    @Test
    void aRealFileSystemFilledThenFreedRecoversWithoutHelp() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("mnt"), SMALL_FILE_SYSTEM)) {
            Path ballast = disk.path().resolve("ballast");
            Files.write(ballast, new byte[1_000_000]);
            RecordCodec codec = new RecordCodec();
            StoreConfig config = StoreConfig.builder(disk.path().resolve("state")).outboxMaxMessages(100_000).build();
            FakePublisher uplink = new FakePublisher();
            uplink.connected(false);
            SteppingSleeper sleeper = new SteppingSleeper();
            ManualClock clock = new ManualClock();
            long batch = 0;
            try (Store store = SqliteStore.open(config, Clock.systemUTC())) {
                Durable d = new Durable(store, codec, uplink, sleeper, clock);
                try (OutboxForwarder forwarder = d.forwarder) {
                    while (!(d.checkpointer.isFailing() && d.journal.isFailing()) && batch < 1000) {
                        runBatch(d.doors, clock, batch++);
                    }
                    assertTrue(d.checkpointer.isFailing() && d.journal.isFailing(), "the file system filled up");
                    long queued = store.outbox().depth();

                    Files.delete(ballast);
                    uplink.connected(true);
                    sleeper.allow(Long.MAX_VALUE / 4);
                    long bound = batch + 20;
                    while ((d.checkpointer.isFailing() || d.journal.isFailing() || d.outbox.size() > 0) && batch < bound) {
                        runBatch(d.doors, clock, batch++);
                        assertTrue(forwarder.awaitDrained(WAIT), "the outbox drained after batch " + batch);
                    }
                    assertFalse(d.checkpointer.isFailing(), "checkpoints resumed within 20 batches of space returning");
                    assertFalse(d.journal.isFailing(), "the receiver log takes blocks again");
                    // Three more checkpoints, so that the three retained are all from after the full disk.
                    for (int more = 0; more < 3; more++) {
                        runBatch(d.doors, clock, batch++);
                        assertTrue(forwarder.awaitDrained(WAIT));
                    }
                    assertEquals(batch * B.toMillis(), d.checkpointer.lastCheckpointBatchTime());
                    assertTrue(forwarder.awaitDrained(WAIT));
                    assertEquals(0, store.outbox().depth(), queued + " messages were queued at the full disk");
                    assertTrue(store.receiverLog().recordCount() <= 3 * 3, "the receiver log holds only what the three"
                            + " retained checkpoints need: " + store.receiverLog().recordCount() + " records");
                    assertTrue(Files.size(disk.path().resolve("state/rivulet.db-wal")) < 1_000_000,
                            "SQLite's -wal file left the freed space free");
                    d.context.stop(false);
                }
            }
            assertEveryBatchDeliveredOnceInOrder(uplink, batch);
        }
    }

    /**
     * Issue 19: the uplink stays down long after the 3 MB file system filled, so the messages of the failed
     * checkpoints held in memory grow past the space that returns (1 MB freed, 1.2 MB held). Before, the first
     * checkpoint after the freeing wrote all of them in one transaction into SQLite's -wal file, which then could
     * never be copied into the database: nothing was written again. Now the -wal file is copied first and the
     * held-back messages go to the outbox in pieces that fit, the forwarder's deletes making room for the next.
     */
    @Test
    void messagesHeldBackBeyondTheFreedSpaceAreAdmittedAsSpaceAllows() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("mnt"), SMALL_FILE_SYSTEM)) {
            Path freed = disk.path().resolve("freed");
            Files.write(freed, new byte[1_000_000]);
            Files.write(disk.path().resolve("kept"), new byte[1_200_000]);
            RecordCodec codec = new RecordCodec();
            StoreConfig config = StoreConfig.builder(disk.path().resolve("state")).outboxMaxMessages(100_000).build();
            FakePublisher uplink = new FakePublisher();
            uplink.connected(false);
            SteppingSleeper sleeper = new SteppingSleeper();
            ManualClock clock = new ManualClock();
            long batch = 0;
            try (Store store = SqliteStore.open(config, Clock.systemUTC())) {
                Durable d = new Durable(store, codec, uplink, sleeper, clock);
                try (OutboxForwarder forwarder = d.forwarder) {
                    while (!d.checkpointer.isFailing() && batch < 1000) {
                        runBatch(d.doors, clock, batch++);
                    }
                    assertTrue(d.checkpointer.isFailing(), "the file system filled up");
                    while (d.outbox.size() * (long) PADDING.length() < 1_200_000) {
                        runBatch(d.doors, clock, batch++);
                    }

                    Files.delete(freed);
                    uplink.connected(true);
                    sleeper.allow(Long.MAX_VALUE / 4);
                    long bound = batch + 100;
                    while ((d.checkpointer.isFailing() || d.journal.isFailing() || d.outbox.size() > 0) && batch < bound) {
                        runBatch(d.doors, clock, batch++);
                        assertTrue(forwarder.awaitDrained(WAIT), "the outbox drained after batch " + batch);
                    }
                    assertFalse(d.checkpointer.isFailing(), "checkpoints resumed within 100 batches of space returning");
                    assertEquals(0, d.outbox.size(), "every held-back message is in the outbox or delivered");
                    assertFalse(d.journal.isFailing(), "the receiver log takes blocks again");
                    runBatch(d.doors, clock, batch++);
                    assertTrue(forwarder.awaitDrained(WAIT));
                    assertEquals(batch * B.toMillis(), d.checkpointer.lastCheckpointBatchTime());
                    assertTrue(Files.size(disk.path().resolve("state/rivulet.db-wal")) < 500_000,
                            "SQLite's -wal file left the freed space free");
                    d.context.stop(false);
                }
            }
            assertEveryBatchDeliveredOnceInOrder(uplink, batch);
        }
    }

    private StoreConfig limitedTo80Pages() {
        return StoreConfig.builder(dir).maxPageCount(80).outboxMaxMessages(100_000).build();
    }

    private static FakePublisher linkDown() {
        FakePublisher uplink = new FakePublisher();
        uplink.connected(false);
        return uplink;
    }

    private static void assertEveryBatchDeliveredOnceInOrder(FakePublisher uplink, long batches) {
        List<String> expectedIds = new ArrayList<>();
        for (long k = 1; k <= batches; k++) {
            expectedIds.add("summary/" + k * B.toMillis());
        }
        assertEquals(expectedIds, uplink.deliveredPayloads().stream().map(p -> p.substring(0, p.indexOf(' '))).toList(),
                "every summary delivered once, in order, none lost to the full disk");
    }

    private static void runBatch(ReceiverInputDStream<Reading> doors, ManualClock clock, long k)
            throws InterruptedException {
        for (int bus = 0; bus < 3; bus++) {
            doors.receiver().push(Reading.of("door", "bus" + bus, 0, 0, Map.of("in", (double) (k % 4))));
        }
        clock.advance(B);
    }
}
