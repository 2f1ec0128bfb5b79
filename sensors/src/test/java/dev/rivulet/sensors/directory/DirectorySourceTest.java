package dev.rivulet.sensors.directory;

import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.decode.CsvDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DirectorySourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void readsEachNewFileOnceAndIgnoresFilesThatWereThereBefore(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.csv"), "bus-0,9\n");
        CollectingSink sink = new CollectingSink();
        try (DirectorySource source = new DirectorySource("files", dir, CsvDecoder.of("files", "key,boardings", null),
                Duration.ofMillis(10), 1024, false, () -> 1L)) {
            source.start(sink, sink);
            Path staged = Files.writeString(dir.resolve(".incoming.tmp"), "bus-1,3\nbus-2,oops\r\nbus-3,4\n");
            Files.move(staged, dir.resolve("batch-1.csv"), StandardCopyOption.ATOMIC_MOVE);
            List<CollectingSink.Pushed> got = sink.take(2, WAIT);
            assertEquals(List.of("bus-1", "bus-3"), got.stream().map(p -> p.reading().key()).toList());
            assertEquals("batch-1.csv", sink.awaitDeadLetters(1, WAIT).get(0).topic());

            Files.writeString(dir.resolve("big.csv"), "bus-9,1\n".repeat(200));
            assertEquals("big.csv", sink.awaitDeadLetters(2, WAIT).get(1).topic());
            Files.writeString(dir.resolve("batch-2.csv"), "bus-4,5\n");
            Reading r = sink.take(1, WAIT).get(0).reading();
            assertEquals("bus-4", r.key());
            assertEquals(0, sink.pending(), "the old file and the files already read are not read again");
            assertEquals(3, source.counters().received());
        }
    }

    @Test
    void refusesAMissingDirectory(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> new DirectorySource("f", dir.resolve("nope"),
                CsvDecoder.of("f", "v", null), Duration.ofSeconds(1), 1, false, () -> 0L));
    }

    @Test
    void readsALargeFileAFewLinesAtATimeInOrderAndDeadLettersALineOverTheLimit(@TempDir Path dir) throws Exception {
        CollectingSink sink = new CollectingSink();
        try (DirectorySource source = new DirectorySource("files", dir, CsvDecoder.of("files", "key,boardings", null),
                Duration.ofMillis(10), 64L * 1024 * 1024, false, () -> 1L)) {
            source.start(sink, sink);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 2_500; i++) {
                text.append("bus-").append(i).append(",1\n");
                if (i == 1_200) {
                    text.append("bus-long,").append("9".repeat(DirectorySource.MAX_LINE_BYTES)).append("\n");
                }
            }
            text.append("bus-last,2");   // no end of line: still the file's last line
            Path staged = Files.writeString(dir.resolve(".incoming.tmp"), text);
            Files.move(staged, dir.resolve("day.csv"), StandardCopyOption.ATOMIC_MOVE);

            List<CollectingSink.Pushed> got = sink.take(2_501, WAIT);
            for (int i = 0; i < 2_500; i++) {
                assertEquals("bus-" + i, got.get(i).reading().key(), "in the file's order");
            }
            assertEquals("bus-last", got.get(2_500).reading().key());
            assertEquals(2.0, got.get(2_500).reading().value("boardings"));
            var letter = sink.awaitDeadLetters(1, WAIT).get(0);
            assertEquals("day.csv", letter.topic());
            assertEquals("line 1202 is longer than 65536 bytes (65545)", letter.reason());
            assertEquals(DirectorySource.MAX_LINE_BYTES, letter.raw().length, "only the line's first bytes are kept");
            assertEquals(1, source.counters().received());
            assertEquals(2_501, source.counters().decoded());
        }
    }

    /** What a source told the keeper of its marks, besides its readings' positions. */
    private static final class KeptMarks implements ReadFiles.Marks {
        final List<String> said = new java.util.ArrayList<>();

        @Override
        public void firstStart(List<FilePosition> present) {
            said.add("first start " + present.stream().map(FilePosition::file).toList());
        }

        @Override
        public void forget(String file) {
            said.add("forget " + file);
        }
    }

    private static DirectorySource source(Path dir, ReadFiles before) {
        return new DirectorySource("files", dir, CsvDecoder.of("files", "key,boardings", null), Duration.ofMillis(10),
                64L * 1024 * 1024, false, before, () -> 1L);
    }

    private static List<String> positions(List<CollectingSink.Pushed> pushed) {
        return pushed.stream().map(p -> p.reading().key() + "@" + p.ack().position().line() + "."
                + p.ack().position().reading() + (p.ack().position().complete() ? " complete" : "")).toList();
    }

    @Test
    void handsARunOfRefusedLinesOverAtOnceAndWaitsForThemToBeKeptBeforeThePlaceAfterThem(@TempDir Path dir)
            throws Exception {
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.rivulet.sensors.ReadingSink sink = new dev.rivulet.sensors.ReadingSink() {
            @Override
            public void push(Reading reading, dev.rivulet.sensors.Acknowledgement ack) {
                events.add("push " + reading.key());
            }
        };
        dev.rivulet.sensors.DeadLetterSink letters = new dev.rivulet.sensors.DeadLetterSink() {
            @Override
            public void deadLetter(dev.rivulet.sensors.DeadLetter letter) {
                throw new AssertionError("a refused line is handed over without waiting for it alone");
            }

            @Override
            public void deadLetter(dev.rivulet.sensors.DeadLetter letter, dev.rivulet.sensors.Acknowledgement kept) {
                events.add("letter " + letter.rawText());
            }

            @Override
            public void awaitKept() {
                events.add("await kept");
            }
        };
        try (DirectorySource source = source(dir, new ReadFiles(false, java.util.Map.of(), new KeptMarks()))) {
            Files.writeString(dir.resolve("a.csv"), "bus-1,1\nbus-2,oops\nbus-3,2\nbus-4,x\nbus-5,3\n");
            assertEquals(1, source.poll(sink, letters));
            assertEquals(List.of("letter bus-2,oops", "letter bus-4,x", "await kept", "push bus-1", "push bus-3",
                    "push bus-5"), events);
        }
    }

    @Test
    void eachReadingSaysWhereItWasReadAndTheFilesLastThatTheFileIsComplete(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("old.csv"), "bus-0,9\n");
        KeptMarks marks = new KeptMarks();
        CollectingSink sink = new CollectingSink();
        try (DirectorySource source = source(dir, new ReadFiles(false, java.util.Map.of(), marks))) {
            assertEquals(List.of("first start [old.csv]"), marks.said, "the files present at a first start are marked");
            Files.writeString(dir.resolve("a.csv"), "bus-1,1\n\nbus-2,oops\nbus-3,2\nbus-4,3\n");
            assertEquals(1, source.poll(sink, sink));
            List<CollectingSink.Pushed> got = sink.take(3, WAIT);
            assertEquals(List.of("bus-1@1.0", "bus-3@4.0", "bus-4@5.0 complete"), positions(got));
            assertEquals(Files.getLastModifiedTime(dir.resolve("a.csv")).toMillis(), got.get(0).ack().position().modified());
            Files.delete(dir.resolve("a.csv"));
            Files.delete(dir.resolve("old.csv"));
            assertEquals(0, source.poll(sink, sink));
            assertEquals(List.of("first start [old.csv]", "forget a.csv", "forget old.csv"), marks.said);
        }
    }

    @Test
    void resumingGoesOnAfterTheLastKeptReadingAndReadsWhatCameMeanwhile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("done.csv"), "bus-0,1\n");
        Files.writeString(dir.resolve("partly.csv"), "bus-1,1\nbus-2,1\nbus-3,1\nbus-4,1\n");
        Files.writeString(dir.resolve("new.csv"), "bus-5,1\n");
        Files.writeString(dir.resolve("replaced.csv"), "bus-6,1\n");
        long done = Files.getLastModifiedTime(dir.resolve("done.csv")).toMillis();
        long partly = Files.getLastModifiedTime(dir.resolve("partly.csv")).toMillis();
        long replaced = Files.getLastModifiedTime(dir.resolve("replaced.csv")).toMillis();
        KeptMarks marks = new KeptMarks();
        ReadFiles before = new ReadFiles(true, java.util.Map.of(
                "done.csv", new FilePosition("done.csv", done, 1, 0, true),
                "partly.csv", new FilePosition("partly.csv", partly, 2, 0, false),
                "replaced.csv", new FilePosition("replaced.csv", replaced - 1000, 1, 0, true),
                "gone.csv", new FilePosition("gone.csv", 5, 9, 0, false)), marks);
        CollectingSink sink = new CollectingSink();
        try (DirectorySource source = source(dir, before)) {
            assertEquals(List.of("forget gone.csv"), marks.said,
                    "the mark of a file gone is dropped (a replaced file's is overwritten when it is read); no first start");
            assertEquals(3, source.poll(sink, sink), "new.csv, partly.csv and replaced.csv (another file of that name)");
            List<CollectingSink.Pushed> got = sink.take(4, WAIT);
            assertEquals(List.of("bus-5@1.0 complete", "bus-3@3.0", "bus-4@4.0 complete", "bus-6@1.0 complete"),
                    positions(got));
            assertEquals(0, sink.pending());
            assertEquals(0, source.poll(sink, sink), "nothing is read twice");
        }
    }

    @Test
    void aLineOfSeveralReadingsGoesOnAfterTheLastOneKept(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "b1 b2 b3\nb4\n");
        long modified = Files.getLastModifiedTime(dir.resolve("a.txt")).toMillis();
        ReadFiles before = new ReadFiles(true, java.util.Map.of("a.txt", new FilePosition("a.txt", modified, 1, 1, false)),
                ReadFiles.Marks.NONE);
        // One reading per word: a line of several readings.
        dev.rivulet.sensors.decode.PayloadDecoder words = (topic, payload, now, out) -> {
            for (String word : new String(payload, java.nio.charset.StandardCharsets.UTF_8).trim().split(" ")) {
                out.add(Reading.of("files", word, now, now, java.util.Map.of("in", 1.0)));
            }
        };
        CollectingSink sink = new CollectingSink();
        try (DirectorySource source = new DirectorySource("files", dir, words, Duration.ofMillis(10), 1024, false, before,
                () -> 1L)) {
            assertEquals(1, source.poll(sink, sink));
            assertEquals(List.of("b3@1.2", "b4@2.0 complete"), positions(sink.take(2, WAIT)));
        }
    }
}
