package dev.rivulet.storage;

import static dev.rivulet.storage.StoreCounters.Counter.CHECKPOINTS_COMMITTED;
import static dev.rivulet.storage.StoreCounters.Counter.CHECKPOINTS_PRUNED;
import static dev.rivulet.storage.StoreCounters.Counter.DEAD_LETTERS_PRUNED;
import static dev.rivulet.storage.StoreCounters.Counter.DEAD_LETTERS_RECORDED;
import static dev.rivulet.storage.StoreCounters.Counter.LOG_BLOCKS_APPENDED;
import static dev.rivulet.storage.StoreCounters.Counter.LOG_BYTES_APPENDED;
import static dev.rivulet.storage.StoreCounters.Counter.LOG_RECORDS_APPENDED;
import static dev.rivulet.storage.StoreCounters.Counter.LOG_RECORDS_PRUNED;
import static dev.rivulet.storage.StoreCounters.Counter.OUTBOX_DELIVERED;
import static dev.rivulet.storage.StoreCounters.Counter.OUTBOX_DROPPED;
import static dev.rivulet.storage.StoreCounters.Counter.OUTBOX_DUPLICATES_SKIPPED;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Store} implementation promises. Each implementation's test extends this class and
 * says how to open a store.
 */
public abstract class StoreContractTest {

    @TempDir
    protected Path stateDirectory;

    protected final ManualClock clock = new ManualClock();
    private final List<Store> opened = new ArrayList<>();

    /** Opens a store of the implementation under test. */
    protected abstract Store open(StoreConfig config, Clock clock);

    protected Store store(StoreConfig.Builder config) {
        Store store = open(config.build(), clock);
        opened.add(store);
        return store;
    }

    protected Store store() {
        return store(StoreConfig.builder(stateDirectory));
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    static List<LogRecord> block(long batchTime, String... payloads) {
        return java.util.Arrays.stream(payloads)
                .map(text -> new LogRecord(batchTime, text.getBytes(UTF_8)))
                .collect(Collectors.toList());
    }

    static List<String> texts(List<LoggedRecord> records) {
        return records.stream().map(record -> new String(record.payload(), UTF_8)).collect(Collectors.toList());
    }

    static OutboxMessage message(String id) {
        return new OutboxMessage(id, "alerts/" + id.charAt(0), ("payload " + id).getBytes(UTF_8), 1, false);
    }

    static List<String> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).collect(Collectors.toList());
    }

    static Checkpoint checkpoint(long batchTime, long logSequence, String state) {
        return Checkpoint.of(batchTime, logSequence, Map.of("counts", state.getBytes(UTF_8)));
    }

    // ---- receiver log ----

    @Test
    void appendReturnsTheLastSequenceOfEachBlockAndRecordsReadBackInOrder() {
        Store store = store();
        assertEquals(0, store.receiverLog().lastSequence());
        assertEquals(3, store.receiverLog().append(block(1000, "a", "b", "c")));
        assertEquals(5, store.receiverLog().append(block(2000, "d", "e")));

        List<LoggedRecord> all = store.receiverLog().readAfter(0);
        assertEquals(List.of("a", "b", "c", "d", "e"), texts(all));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), all.stream().map(LoggedRecord::sequence).toList());
        assertEquals(List.of(1000L, 1000L, 1000L, 2000L, 2000L), all.stream().map(LoggedRecord::batchTime).toList());
        assertEquals(List.of("d", "e"), texts(store.receiverLog().readAfter(3)));
        assertEquals(5, store.receiverLog().recordCount());
        assertEquals(5, store.receiverLog().payloadBytes());
        assertEquals(2, store.counters().get(LOG_BLOCKS_APPENDED));
        assertEquals(5, store.counters().get(LOG_RECORDS_APPENDED));
        assertEquals(5, store.counters().get(LOG_BYTES_APPENDED));
    }

    @Test
    void anEmptyBlockWritesNothing() {
        Store store = store();
        store.receiverLog().append(block(1000, "a"));
        assertEquals(1, store.receiverLog().append(List.of()));
        assertEquals(1, store.counters().get(LOG_BLOCKS_APPENDED));
    }

    @Test
    void replayGroupsTheRecordsAfterACheckpointByBatchTime() {
        Store store = store();
        store.receiverLog().append(block(1000, "a", "b"));
        store.receiverLog().append(block(1000, "c"));
        store.receiverLog().append(block(2000, "d"));
        store.receiverLog().append(block(3000, "e", "f"));

        NavigableMap<Long, List<LoggedRecord>> replay = store.receiverLog().readAfterByBatchTime(2);
        assertEquals(List.of(1000L, 2000L, 3000L), List.copyOf(replay.keySet()));
        assertEquals(List.of("c"), texts(replay.get(1000L)));
        assertEquals(List.of("d"), texts(replay.get(2000L)));
        assertEquals(List.of("e", "f"), texts(replay.get(3000L)));
    }

    @Test
    void sequenceNumbersAreNeverReusedAfterEverythingWasPruned() {
        Store store = store();
        store.receiverLog().append(block(1000, "a", "b"));
        assertEquals(2, store.receiverLog().pruneThrough(2));
        assertEquals(0, store.receiverLog().recordCount());
        assertEquals(2, store.receiverLog().lastSequence());
        assertEquals(3, store.receiverLog().append(block(2000, "c")));
        assertEquals(2, store.counters().get(LOG_RECORDS_PRUNED));
    }

    @Test
    void pruningInsideABlockKeepsTheRestOfIt() {
        Store store = store();
        store.receiverLog().append(block(1000, "aa", "bb", "cc"));
        assertEquals(2, store.receiverLog().pruneThrough(2));
        assertEquals(List.of("cc"), texts(store.receiverLog().readAfter(0)));
        assertEquals(1, store.receiverLog().recordCount());
        assertEquals(6, store.receiverLog().payloadBytes(), "a block counts whole until all of it is pruned");
        assertEquals(0, store.receiverLog().pruneThrough(2), "pruning is idempotent");
        assertEquals(1, store.receiverLog().pruneThrough(3));
        assertEquals(0, store.receiverLog().payloadBytes());
    }

    @Test
    void aPruneHandsExactlyTheRecordsItDeletesToTheArchiveAndCommitsWhereTheArchiveStands() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(1));
        List<List<String>> archived = new ArrayList<>();
        List<ArchivePosition> committedSeen = new ArrayList<>();
        store.receiverLog().archivePrunedTo((records, committed) -> {
            archived.add(texts(records));
            committedSeen.add(committed);
            return new ArchivePosition(20_000 + archived.size(), 100L * archived.size());
        });
        assertEquals(ArchivePosition.NONE, store.receiverLog().archivePosition());
        store.receiverLog().append(block(1000, "a", "b", "c"));
        store.receiverLog().pruneThrough(2);
        store.receiverLog().append(block(2000, "d"));
        store.checkpoints().commit(checkpoint(2000, 4, "s"), List.of());
        assertEquals(0, store.receiverLog().pruneThrough(4), "nothing left to prune: nothing archived");

        assertEquals(List.of(List.of("a", "b"), List.of("c", "d")), archived);
        assertEquals(List.of(ArchivePosition.NONE, new ArchivePosition(20_001, 100)), committedSeen);
        assertEquals(new ArchivePosition(20_002, 200), store.receiverLog().archivePosition());
    }

    @Test
    void whenTheArchiveFailsThePruneDoesNotHappen() {
        Store store = store();
        store.receiverLog().append(block(1000, "a", "b"));
        store.receiverLog().archivePrunedTo((records, committed) -> {
            throw new IllegalStateException("archive broken");
        });
        assertThrows(RuntimeException.class, () -> store.receiverLog().pruneThrough(2));
        assertEquals(List.of("a", "b"), texts(store.receiverLog().readAfter(0)));
        assertEquals(ArchivePosition.NONE, store.receiverLog().archivePosition());
    }

    @Test
    void pastTheSizeBoundTheLogKeepsEveryRecordAndSaysSoUntilACheckpointPrunesIt() {
        Store store = store(StoreConfig.builder(stateDirectory).logMaxBytes(10));
        store.receiverLog().append(block(1000, "aaaa"));
        store.receiverLog().append(block(2000, "bbbb"));
        assertEquals(null, store.receiverLog().boundReached());
        store.receiverLog().append(block(3000, "cccc"));
        assertEquals(List.of("aaaa", "bbbb", "cccc"), texts(store.receiverLog().readAfter(0)),
                "appended records are acknowledged: only a checkpoint may let them go");
        String bound = store.receiverLog().boundReached();
        assertTrue(bound != null && bound.contains("12 payload bytes") && bound.contains("logMaxBytes = 10"), bound);
        store.receiverLog().pruneThrough(2);
        assertEquals(null, store.receiverLog().boundReached());
    }

    @Test
    void theAgeBoundFollowsBatchTimeNotTheWallClock() {
        Store store = store(StoreConfig.builder(stateDirectory).logMaxAge(Duration.ofMinutes(10)));
        store.receiverLog().append(block(1000, "old", "older"));
        clock.advance(Duration.ofDays(1));
        store.receiverLog().append(block(2000, "after NTP set the clock a day ahead"));
        assertEquals(null, store.receiverLog().boundReached(), "a wall-clock jump ages nothing");
        store.receiverLog().append(block(1000 + Duration.ofMinutes(10).toMillis(), "ten minutes of batches later"));
        assertEquals(List.of("old", "older", "after NTP set the clock a day ahead", "ten minutes of batches later"),
                texts(store.receiverLog().readAfter(0)), "nothing is deleted past a bound");
        String bound = store.receiverLog().boundReached();
        assertTrue(bound != null && bound.contains("from batch 1000 ms to batch 601000 ms")
                && bound.contains("logMaxAge = PT10M"), bound);
        store.receiverLog().pruneThrough(2);
        assertEquals(null, store.receiverLog().boundReached());
    }

    @Test
    void concurrentAppendsGetDistinctSequencesAndAllLand() throws Exception {
        Store store = store();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int thread = 0; thread < 2; thread++) {
                int id = thread;
                results.add(threads.submit(() -> IntStream.range(0, 50)
                        .mapToObj(i -> store.receiverLog().append(block(i, id + "-" + i, id + "-" + i + "'")))
                        .toList()));
            }
            List<Long> lasts = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                lasts.addAll(result.get());
            }
            assertEquals(100, lasts.stream().distinct().count());
            assertEquals(200, store.receiverLog().readAfter(0).size());
            assertEquals(200, store.receiverLog().lastSequence());
        } finally {
            threads.shutdownNow();
        }
    }

    // ---- checkpoints ----

    @Test
    void deliveryMarksAreKeptOnePerSourceAndPacketIdTheNewestWinning() {
        Store store = store();
        assertEquals(List.of(), store.receiverLog().deliveryMarks());
        store.receiverLog().append(block(1000, "a", "b"), List.of(new DeliveryMark("doors", 7, 70), new DeliveryMark("doors", 8, 80)));
        store.receiverLog().append(block(2000, "c"), List.of(new DeliveryMark("doors", 7, 71), new DeliveryMark("beams", 7, 72)));
        assertEquals(Set.of(new DeliveryMark("doors", 7, 71), new DeliveryMark("doors", 8, 80), new DeliveryMark("beams", 7, 72)),
                Set.copyOf(store.receiverLog().deliveryMarks()));
        assertEquals(3, store.receiverLog().lastSequence(), "marks take no sequence numbers");
    }

    /** A block of a busy drain: many marks (several statements' worth, and a remainder), one key repeated. */
    @Test
    void aBlocksManyDeliveryMarksAreAllKept() {
        Store store = store();
        List<DeliveryMark> marks = new ArrayList<>();
        for (int packetId = 1; packetId <= 123; packetId++) {
            marks.add(new DeliveryMark("doors", packetId, packetId * 10L));
        }
        marks.add(new DeliveryMark("doors", 60, 601));
        store.receiverLog().append(block(1000, "a"), marks);
        store.receiverLog().append(List.of(), List.of(new DeliveryMark("doors", 123, 1231), new DeliveryMark("beams", 1, 1)));

        Map<String, Long> kept = new HashMap<>();
        for (DeliveryMark mark : store.receiverLog().deliveryMarks()) {
            assertNull(kept.put(mark.source() + "/" + mark.packetId(), mark.payloadHash()), "one mark per key: " + mark);
        }
        assertEquals(124, kept.size());
        assertEquals(10L, kept.get("doors/1"));
        assertEquals(601L, kept.get("doors/60"), "the later mark of a key in one block wins");
        assertEquals(1220L, kept.get("doors/122"));
        assertEquals(1231L, kept.get("doors/123"));
        assertEquals(1L, kept.get("beams/1"));
    }

    @Test
    void deliveryMarksOutliveTheRecordsCheckpointsPrune() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(1));
        store.receiverLog().append(block(1000, "a"), List.of(new DeliveryMark("doors", 1, 10)));
        store.receiverLog().append(List.of(), List.of(new DeliveryMark("doors", 2, 20)));
        assertEquals(1, store.checkpoints().commit(checkpoint(1000, 1, "1"), List.of()).logRecordsPruned());
        assertEquals(0, store.receiverLog().recordCount());
        assertEquals(Set.of(new DeliveryMark("doors", 1, 10), new DeliveryMark("doors", 2, 20)),
                Set.copyOf(store.receiverLog().deliveryMarks()));
    }

    @Test
    void admittedKeysAreKeptOncePerSourceAndKeyBesideTheirBlock() {
        Store store = store();
        assertEquals(List.of(), store.receiverLog().admittedKeys());
        store.receiverLog().append(block(1000, "a", "b"), keys(new AdmittedKey("doors", "bus-1"),
                new AdmittedKey("doors", "bus-2")));
        store.receiverLog().append(block(2000, "c"), new BlockMarks(List.of(new DeliveryMark("doors", 7, 70)),
                List.of(new AdmittedKey("doors", "bus-1"), new AdmittedKey("beams", "bus-1")), List.of()));
        store.receiverLog().append(List.of(), keys(new AdmittedKey("doors", "bus-3")));
        assertEquals(List.of(new AdmittedKey("beams", "bus-1"), new AdmittedKey("doors", "bus-1"),
                        new AdmittedKey("doors", "bus-2"), new AdmittedKey("doors", "bus-3")),
                store.receiverLog().admittedKeys().stream()
                        .sorted(java.util.Comparator.comparing(AdmittedKey::source).thenComparing(AdmittedKey::key)).toList());
        assertEquals(3, store.receiverLog().lastSequence(), "keys take no sequence numbers");
        assertEquals(Set.of(new DeliveryMark("doors", 7, 70)), Set.copyOf(store.receiverLog().deliveryMarks()));
    }

    @Test
    void admittedKeysOutliveTheRecordsCheckpointsPrune() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(1));
        store.receiverLog().append(block(1000, "a"), keys(new AdmittedKey("doors", "bus-1")));
        assertEquals(1, store.checkpoints().commit(checkpoint(1000, 1, "1"), List.of()).logRecordsPruned());
        assertEquals(0, store.receiverLog().recordCount());
        assertEquals(List.of(new AdmittedKey("doors", "bus-1")), store.receiverLog().admittedKeys());
    }

    private static BlockMarks keys(AdmittedKey... keys) {
        return new BlockMarks(List.of(), List.of(keys), List.of());
    }

    private static BlockMarks files(FileMark... marks) {
        return new BlockMarks(List.of(), List.of(), List.of(marks));
    }

    @Test
    void fileMarksAreKeptOnePerSourceAndFileTheNewestWinningUntilForgotten() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(1));
        assertEquals(List.of(), store.receiverLog().fileMarks());
        store.receiverLog().append(block(1000, "a", "b"), files(new FileMark("files", "a.json", 500, 2, 0, false),
                new FileMark("other", "a.json", 500, 9, 1, true)));
        store.receiverLog().append(block(2000, "c"), files(new FileMark("files", "a.json", 500, 3, 0, true),
                new FileMark("files", "b.json", 500, 1, 0, false)));
        assertEquals(3, store.checkpoints().commit(checkpoint(2000, 3, "1"), List.of()).logRecordsPruned());
        assertEquals(Set.of(new FileMark("files", "a.json", 500, 3, 0, true), new FileMark("files", "b.json", 500, 1, 0, false),
                new FileMark("other", "a.json", 500, 9, 1, true)), Set.copyOf(store.receiverLog().fileMarks()),
                "the newest of each, outliving the records a checkpoint pruned");
        store.receiverLog().forgetFile("files", "a.json");
        store.receiverLog().forgetFile("files", "never.json");
        assertEquals(Set.of(new FileMark("files", "b.json", 500, 1, 0, false), new FileMark("other", "a.json", 500, 9, 1, true)),
                Set.copyOf(store.receiverLog().fileMarks()));
        assertEquals(3, store.receiverLog().lastSequence(), "marks take no sequence numbers");
    }

    @Test
    void aNewStoreHasNoCheckpoint() {
        assertTrue(store().checkpoints().latest().isEmpty());
    }

    @Test
    void theLatestCheckpointComesBackWithAllItsBlobs() {
        Store store = store();
        store.receiverLog().append(block(1000, "a", "b"));
        CommitResult result = store.checkpoints().commit(Checkpoint.of(1000, 2, Map.of(
                "counts", new byte[] {1, 2, 3}, "window", new byte[0], "big", new byte[100_000])), List.of());

        StoredCheckpoint loaded = store.checkpoints().latest().orElseThrow();
        assertEquals(result.checkpointId(), loaded.id());
        assertEquals(clock.millis(), loaded.createdAtMillis());
        assertEquals(1000, loaded.checkpoint().batchTime());
        assertEquals(2, loaded.checkpoint().logSequence());
        assertEquals(List.of("big", "counts", "window"), List.copyOf(loaded.checkpoint().blobs().keySet()));
        assertArrayEquals(new byte[] {1, 2, 3}, loaded.checkpoint().blobs().get("counts"));
        assertArrayEquals(new byte[0], loaded.checkpoint().blobs().get("window"));
        assertEquals(100_000, loaded.checkpoint().blobs().get("big").length);
        assertEquals(1, store.counters().get(CHECKPOINTS_COMMITTED));
    }

    @Test
    void onlyTheConfiguredNumberOfCheckpointsIsKept() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(2));
        List<Long> ids = new ArrayList<>();
        for (int batch = 1; batch <= 4; batch++) {
            ids.add(store.checkpoints().commit(checkpoint(batch * 1000L, 0, "state " + batch), List.of())
                    .checkpointId());
        }
        assertEquals(List.of(ids.get(3), ids.get(2)), store.checkpoints().retainedIds());
        assertEquals(4000, store.checkpoints().latest().orElseThrow().checkpoint().batchTime());
        assertEquals(2, store.counters().get(CHECKPOINTS_PRUNED));
    }

    @Test
    void aCommitPrunesTheLogUpToWhatTheOldestRetainedCheckpointCovers() {
        Store store = store(StoreConfig.builder(stateDirectory).checkpointsRetained(2));
        store.receiverLog().append(block(1000, "a", "b"));
        assertEquals(2, store.checkpoints().commit(checkpoint(1000, 2, "1"), List.of()).logRecordsPruned());
        store.receiverLog().append(block(2000, "c", "d"));
        // Two checkpoints retained: the older one (covering 2) still needs records 3 and 4 replayed.
        assertEquals(0, store.checkpoints().commit(checkpoint(2000, 4, "2"), List.of()).logRecordsPruned());
        assertEquals(List.of("c", "d"), texts(store.receiverLog().readAfter(0)));
        store.receiverLog().append(block(3000, "e"));
        assertEquals(2, store.checkpoints().commit(checkpoint(3000, 5, "3"), List.of()).logRecordsPruned());
        assertEquals(List.of("e"), texts(store.receiverLog().readAfter(0)));
        assertEquals(4, store.counters().get(LOG_RECORDS_PRUNED));
    }

    @Test
    void aCheckpointCannotCoverRecordsNeverAppended() {
        Store store = store();
        store.receiverLog().append(block(1000, "a"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> store.checkpoints().commit(checkpoint(1000, 2, "x"), List.of(message("m1"))));
        assertTrue(error.getMessage().contains("ends at 1"), error.getMessage());
        assertTrue(store.checkpoints().latest().isEmpty());
        assertEquals(0, store.outbox().depth());
    }

    // ---- outbox ----

    @Test
    void messagesCommittedWithACheckpointArePendingInOrder() {
        Store store = store();
        CommitResult result = store.checkpoints().commit(checkpoint(1000, 0, "s"),
                List.of(message("a1"), message("b1"), message("a2")));
        assertEquals(new OutboxResult(3, 0, 0), result.outbox());
        List<OutboxMessage> pending = store.outbox().pending(10);
        assertEquals(List.of("a1", "b1", "a2"), ids(pending));
        assertEquals("alerts/a", pending.get(0).topic());
        assertArrayEquals("payload a1".getBytes(UTF_8), pending.get(0).payload());
        assertEquals(1, pending.get(0).qos());
        assertEquals(List.of("a1"), ids(store.outbox().pending(1)));
        assertEquals(3, store.outbox().depth());
    }

    @Test
    void messageIdsAlreadyQueuedOrDeliveredAreSkipped() {
        Store store = store();
        store.outbox().enqueue(List.of(message("a1"), message("a2")));
        assertTrue(store.outbox().markDelivered("a1"));
        assertFalse(store.outbox().markDelivered("a1"));

        OutboxResult again = store.checkpoints().commit(checkpoint(1000, 0, "s"),
                List.of(message("a1"), message("a2"), message("a3"), message("a3"))).outbox();
        assertEquals(new OutboxResult(1, 3, 0), again);
        assertEquals(List.of("a2", "a3"), ids(store.outbox().pending(10)));
        assertEquals(3, store.counters().get(OUTBOX_DUPLICATES_SKIPPED));
        assertEquals(1, store.counters().get(OUTBOX_DELIVERED));
    }

    @Test
    void aFullOutboxDropsTheOldestAndKeepsTheCountUntilReported() {
        Store store = store(StoreConfig.builder(stateDirectory).outboxMaxMessages(3));
        store.outbox().enqueue(List.of(message("m1"), message("m2")));
        OutboxResult result = store.outbox().enqueue(List.of(message("m3"), message("m4"), message("m5")));
        assertEquals(new OutboxResult(3, 0, 2), result);
        assertEquals(List.of("m3", "m4", "m5"), ids(store.outbox().pending(10)));
        assertEquals(2, store.outbox().droppedUnreported());
        assertEquals(2, store.counters().get(OUTBOX_DROPPED));

        // A dropped message regenerated (say after a restart) does not come back.
        assertEquals(1, store.outbox().enqueue(List.of(message("m1"))).skipped());
        store.outbox().acknowledgeDropped(1);
        assertEquals(1, store.outbox().droppedUnreported());
        store.outbox().acknowledgeDropped(5);
        assertEquals(0, store.outbox().droppedUnreported());
    }

    @Test
    void onlyTheNewestRetiredIdsAreRemembered() {
        Store store = store(StoreConfig.builder(stateDirectory).retiredIdsRetained(2));
        store.outbox().enqueue(List.of(message("m1"), message("m2"), message("m3")));
        store.outbox().markDelivered("m1");
        store.outbox().markDelivered("m2");
        store.outbox().markDelivered("m3");
        // m1 was forgotten: the bound is real, so a repeat that old is accepted again.
        assertEquals(new OutboxResult(1, 2, 0),
                store.outbox().enqueue(List.of(message("m1"), message("m2"), message("m3"))));
    }

    // ---- dead letters ----

    @Test
    void deadLettersAreCutKeptNewestFirstAndBoundedByRows() {
        Store store = store(StoreConfig.builder(stateDirectory).deadLettersMaxRows(2).deadLetterMaxRawBytes(4));
        store.deadLetters().record("mqtt", "bus/1", "0123456789".getBytes(UTF_8), "not JSON");
        clock.advance(Duration.ofSeconds(1));
        store.deadLetters().record("gpio", null, new byte[] {1}, "bounce");
        clock.advance(Duration.ofSeconds(1));
        store.deadLetters().record("mqtt", "bus/2", "xyz".getBytes(UTF_8), "unknown sensor");

        List<StoredDeadLetter> latest = store.deadLetters().latest(10);
        assertEquals(2, latest.size());
        assertEquals("unknown sensor", latest.get(0).reason());
        assertEquals(clock.millis(), latest.get(0).arrivedAtMillis());
        assertEquals("gpio", latest.get(1).source());
        assertTrue(latest.get(0).id() > latest.get(1).id(), "the newer letter has the larger row id: " + latest);
        assertEquals(null, latest.get(1).topic());
        assertEquals(2, store.deadLetters().count());
        assertEquals(1, store.counters().get(DEAD_LETTERS_PRUNED));
    }

    @Test
    void deadLettersAreCutToTheConfiguredLength() {
        Store store = store(StoreConfig.builder(stateDirectory).deadLetterMaxRawBytes(4));
        store.deadLetters().record("mqtt", "bus/1", "0123456789".getBytes(UTF_8), "not JSON");
        StoredDeadLetter letter = store.deadLetters().latest(1).get(0);
        assertArrayEquals("0123".getBytes(UTF_8), letter.raw());
        assertEquals(10, letter.rawLength());
    }

    @Test
    void aDeadLetterKeepsItsArrivalTime() {
        Store store = store(StoreConfig.builder(stateDirectory));
        long arrived = clock.millis() - 1500;
        store.deadLetters().record(arrived, "mqtt", "bus/1", new byte[] {1}, "not JSON");
        assertEquals(arrived, store.deadLetters().latest(1).get(0).arrivedAtMillis());
    }

    @Test
    void deadLettersOlderThanTheAgeBoundArePruned() {
        Store store = store(StoreConfig.builder(stateDirectory).deadLettersMaxAge(Duration.ofHours(1)));
        store.deadLetters().record("mqtt", "a", new byte[] {1}, "old");
        clock.advance(Duration.ofMinutes(61));
        store.deadLetters().record("mqtt", "b", new byte[] {2}, "new");
        assertEquals(List.of("new"), store.deadLetters().latest(10).stream().map(StoredDeadLetter::reason).toList());
    }

    @Test
    void deadLettersRecordedTogetherAreKeptInTheirOrderAndBoundedOnce() {
        Store store = store(StoreConfig.builder(stateDirectory).deadLettersMaxRows(3).deadLetterMaxRawBytes(4));
        store.deadLetters().record("mqtt", "bus/0", new byte[] {0}, "before");
        List<DeadLetters.Letter> letters = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            letters.add(DeadLetters.Letter.of(clock.millis() - i, "mqtt", "bus/" + i, ("payload " + i).getBytes(UTF_8),
                    "not JSON " + i));
        }
        // cut by whoever held it before, its length as it arrived kept
        letters.set(3, letters.get(3).cut(2));
        store.deadLetters().recordAll(letters);

        List<StoredDeadLetter> latest = store.deadLetters().latest(10);
        assertEquals(List.of("bus/4", "bus/3", "bus/2"), latest.stream().map(StoredDeadLetter::topic).toList());
        assertEquals(clock.millis() - 4, latest.get(0).arrivedAtMillis());
        assertArrayEquals("pa".getBytes(UTF_8), latest.get(0).raw());
        assertEquals(9, latest.get(0).rawLength());
        assertArrayEquals("payl".getBytes(UTF_8), latest.get(1).raw());
        assertEquals(9, latest.get(1).rawLength());
        assertEquals(5, store.counters().get(DEAD_LETTERS_RECORDED));
        assertEquals(2, store.counters().get(DEAD_LETTERS_PRUNED));
        store.deadLetters().recordAll(List.of());
        assertEquals(3, store.deadLetters().count());
    }
}
