package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.directory.ReadFiles;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.memory.InMemoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesReadTest {

    @Test
    void aSourcesFirstStartIsKeptWithItsFilesAndItsNextStartResumes(@TempDir Path dir) {
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            ReadFiles first = FilesRead.of(store.receiverLog(), "files");
            assertFalse(first.resuming(), "never started");
            first.marks().firstStart(List.of(new FilePosition("old.csv", 5, 0, 0, true)));
            store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1})), new BlockMarks(List.of(), List.of(),
                    List.of(new FileMark("files", "a.csv", 6, 3, 0, false), new FileMark("other", "b.csv", 7, 1, 0, true))));

            ReadFiles next = FilesRead.of(store.receiverLog(), "files");
            assertTrue(next.resuming());
            assertEquals(Map.of("old.csv", new FilePosition("old.csv", 5, 0, 0, true),
                    "a.csv", new FilePosition("a.csv", 6, 3, 0, false)), next.positions(), "its own files, no marker");
            next.marks().forget("old.csv");
            assertEquals(Map.of("a.csv", new FilePosition("a.csv", 6, 3, 0, false)),
                    FilesRead.of(store.receiverLog(), "files").positions());
            assertTrue(FilesRead.of(store.receiverLog(), "other").resuming(), "a mark of a file is a start too");
            assertFalse(FilesRead.of(store.receiverLog(), "third").resuming());
        }
    }
}
