package dev.rivulet.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StorageHealth;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingReader;
import dev.rivulet.storage.Checkpoint;
import dev.rivulet.storage.LoggedRecord;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive on a real SQLite store: what a prune deletes lands in the day's file with its batch and sequence,
 * a member written by a prune that did not commit is cut off at the next start, and the age bound deletes oldest first.
 */
class InputArchiveTest {

    private static final ReadingSchema SCHEMA = ReadingSchema.of(List.of("in", "out"), List.of());
    /** 2026-12-05T00:00:00Z. */
    private static final long DAY = 1_796_428_800_000L;

    @TempDir
    Path dir;

    private final RecordCodec codec = new RecordCodec();

    @Test
    void aPruneArchivesTheMessagesOfItsRecordsWithTheirBatchAndSequenceOncePerMessage() throws IOException {
        try (SqliteStore store = open()) {
            InputArchive archive = InputArchive.open(dir.resolve("archive"), settings(7, 256), codec, store.receiverLog());
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec, new StorageHealth(), true);
            RecordedMessage two = message(DAY + 100, "{\"bus\":\"b1\",\"in\":[1,2]}");
            journal.append("doors", DAY + 1000, List.of(reading(DAY + 100), reading(DAY + 100), reading(DAY + 200)),
                    List.of(Acknowledgement.none(two), Acknowledgement.none(two),
                            Acknowledgement.none(message(DAY + 200, "{\"bus\":\"b2\"}"))));
            journal.append("doors", DAY + 2000, List.of(reading(DAY + 1500)), List.of(Acknowledgement.NONE));
            store.checkpoints().commit(Checkpoint.of(DAY + 2000, 4, Map.of()), List.of());
            store.receiverLog().pruneThrough(4);

            List<RecordedMessage> archived = read(dir.resolve("archive/2026-12-05.jsonl.gz"));
            assertEquals(2, archived.size(), "one line per message; a reading without its message is not archived");
            assertEquals(List.of(DAY + 1000, DAY + 1000), archived.stream().map(RecordedMessage::batch).toList());
            assertEquals(List.of(1L, 3L), archived.stream().map(RecordedMessage::sequence).toList());
            assertEquals("{\"bus\":\"b1\",\"in\":[1,2]}", new String(archived.get(0).payload(), StandardCharsets.UTF_8));
            assertEquals(Files.size(dir.resolve("archive/2026-12-05.jsonl.gz")), archive.bytes());
        }
    }

    @Test
    void whatAPruneThatDidNotCommitWroteIsCutOffAtTheNextStartAndArchivedAgainOnce() throws IOException {
        Path file = dir.resolve("archive/2026-12-05.jsonl.gz");
        try (SqliteStore store = open()) {
            InputArchive archive = InputArchive.open(dir.resolve("archive"), settings(7, 256), codec, store.receiverLog());
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec, new StorageHealth(), true);
            journal.append("doors", DAY + 1000, List.of(reading(DAY)), List.of(Acknowledgement.none(message(DAY, "a"))));
            store.receiverLog().pruneThrough(1);
            journal.append("doors", DAY + 2000, List.of(reading(DAY + 1200)),
                    List.of(Acknowledgement.none(message(DAY + 1200, "b"))));
            long committed = Files.size(file);
            // The power fails after the member of record 2 was written, before its prune committed.
            List<LoggedRecord> pending = store.receiverLog().readAfter(1);
            archive.archive(pending, store.receiverLog().archivePosition());
            assertTrue(Files.size(file) > committed);
        }
        try (SqliteStore store = open()) {
            InputArchive.open(dir.resolve("archive"), settings(7, 256), codec, store.receiverLog());
            assertEquals(List.of(1L), read(file).stream().map(RecordedMessage::sequence).toList(), "cut off at start");
            store.receiverLog().pruneThrough(2);
            assertEquals(List.of(1L, 2L), read(file).stream().map(RecordedMessage::sequence).toList());
        }
    }

    @Test
    void filesPastTheAgeBoundAreDeletedOldestFirst() throws IOException {
        try (SqliteStore store = open()) {
            InputArchive archive = InputArchive.open(dir.resolve("archive"), settings(1, 256), codec, store.receiverLog());
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec, new StorageHealth(), true);
            List<String> names = new ArrayList<>();
            for (int day = 0; day < 4; day++) {
                long time = DAY + day * 86_400_000L;
                journal.append("doors", time + 1000, List.of(reading(time)),
                        List.of(Acknowledgement.none(message(time, "x".repeat(600)))));
                store.receiverLog().pruneThrough(day + 1);
                names.add(archive.files().stream().map(f -> f.getFileName().toString()).toList().toString());
            }
            // max-days 1: a day more than one before the newest reading's goes.
            assertEquals(List.of("[2026-12-05.jsonl.gz]", "[2026-12-05.jsonl.gz, 2026-12-06.jsonl.gz]",
                    "[2026-12-06.jsonl.gz, 2026-12-07.jsonl.gz]", "[2026-12-07.jsonl.gz, 2026-12-08.jsonl.gz]"), names);
            assertFalse(Files.exists(dir.resolve("archive/2026-12-05.jsonl.gz")));
        }
    }

    private SqliteStore open() {
        return SqliteStore.open(StoreConfig.defaults(dir.resolve("state")),
                Clock.fixed(Instant.ofEpochMilli(DAY), ZoneOffset.UTC));
    }

    private static ArchiveSettings settings(int days, double megabytes) {
        return new ArchiveSettings(true, days, megabytes);
    }

    private static Reading reading(long arrival) {
        return new Reading("doors", "b1", arrival, arrival, SCHEMA, new double[] {1, 0}, null);
    }

    private static RecordedMessage message(long time, String payload) {
        return new RecordedMessage(time, "buses/door", payload.getBytes(StandardCharsets.UTF_8));
    }

    private static List<RecordedMessage> read(Path file) throws IOException {
        List<RecordedMessage> messages = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(file)) {
            for (RecordedMessage message = reader.next(); message != null; message = reader.next()) {
                messages.add(message);
            }
        } catch (dev.rivulet.sensors.recording.RecordingException e) {
            throw new AssertionError(e);
        }
        return messages;
    }
}
