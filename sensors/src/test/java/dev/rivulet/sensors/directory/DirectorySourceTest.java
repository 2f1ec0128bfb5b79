package dev.rivulet.sensors.directory;

import dev.rivulet.sensors.CollectingSink;
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
}
