package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of SQLite's native library left by runs that did not exit normally are removed; nothing else is. */
class SqliteNativeLeftoversTest {

    @TempDir
    Path dir;

    @Test
    void onlyOldCopiesOfTheNativeLibraryGo() throws IOException {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");
        String old = "sqlite-3.54.1.0-02480a3c-4084-4af5-bb14-6d17f4590a72-libsqlitejdbc.so";
        String fresh = "sqlite-3.54.1.0-046a6356-6f4a-4f36-a7cd-9c2961796c1a-libsqlitejdbc.so";
        file(old, now.minusSeconds(3600));
        file(old + ".lck", now.minusSeconds(3600));
        file(fresh, now.minusSeconds(5));
        file(fresh + ".lck", now.minusSeconds(5));
        file("rivulet.db", now.minusSeconds(3600));
        file("sqlite-notes.txt", now.minusSeconds(3600));

        assertEquals(2, SqliteNativeLeftovers.remove(dir, now.minusSeconds(60)));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of("rivulet.db", fresh, fresh + ".lck", "sqlite-notes.txt"),
                    left.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    private void file(String name, Instant modified) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "x");
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }
}
