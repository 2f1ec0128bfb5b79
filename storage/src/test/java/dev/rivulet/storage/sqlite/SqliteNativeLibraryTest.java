package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/** SQLite's native library is unpacked into the state directory once, checked at every start, replaced when wrong. */
class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    @Test
    void unpacksOnceIntoAPrivateFolderAndReusesTheCopy() throws IOException {
        Path state = dir.resolve("state");
        Path folder = SqliteNativeLibrary.unpack(state).orElseThrow();
        Path copy = folder.resolve(LibraryLoaderUtil.getNativeLibName());

        assertEquals(state.resolve("native"), folder.getParent());
        assertTrue(folder.getFileName().toString().startsWith("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-"),
                folder.toString());
        assertArrayEquals(jarCopy(), Files.readAllBytes(copy));
        for (Path made : List.of(state, state.resolve("native"), folder)) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), made.toString());
        }

        FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(copy, written);
        assertEquals(folder, SqliteNativeLibrary.unpack(state).orElseThrow());
        assertEquals(written, Files.getLastModifiedTime(copy), "a good copy is not written again");
        assertEquals(List.of(LibraryLoaderUtil.getNativeLibName()), names(folder), "no partial file is left");
    }

    @Test
    void thePlatformWorkedOutOnceIsSqliteJdbcsOwnAnswer() {
        SqliteStore.prepareAhead();
        assertEquals(LibraryLoaderUtil.getNativeLibResourcePath(), SqliteNativeLibrary.platform());
        assertTrue(SqliteNativeLibrary.platform().startsWith("/org/sqlite/native/"), SqliteNativeLibrary.platform());
    }

    /** Where sqlite-jdbc's answer depends only on the architecture, it is had without its child process. */
    @Test
    void sixtyFourBitLinuxIsKnownWithoutAskingUname() {
        assertEquals("/org/sqlite/native/Linux/x86_64", SqliteNativeLibrary.withoutAChildProcess("Linux", "amd64"));
        assertEquals("/org/sqlite/native/Linux/x86_64", SqliteNativeLibrary.withoutAChildProcess("Linux", "x86_64"));
        assertEquals("/org/sqlite/native/Linux/aarch64", SqliteNativeLibrary.withoutAChildProcess("Linux", "aarch64"));
        for (String left : List.of("arm", "armv7l", "x86", "i386", "riscv64", "ppc64le")) {
            assertEquals(null, SqliteNativeLibrary.withoutAChildProcess("Linux", left), left + " is sqlite-jdbc's to tell");
        }
        assertEquals(null, SqliteNativeLibrary.withoutAChildProcess("Mac OS X", "aarch64"));
        assertEquals(null, SqliteNativeLibrary.withoutAChildProcess("Linux", null));
    }

    @Test
    void aTornOrAlteredCopyIsUnpackedAgainAndOtherVersionsGo() throws IOException {
        Path state = dir.resolve("state");
        Path folder = SqliteNativeLibrary.unpack(state).orElseThrow();
        Path copy = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        byte[] torn = new byte[4096];
        System.arraycopy(Files.readAllBytes(copy), 0, torn, 0, torn.length);
        Files.write(copy, torn); // as a power cut might leave it, had it not been renamed into place
        Path older = Files.createDirectories(state.resolve("native/sqlite-jdbc-3.46.1.0-Linux-x86_64"));
        Files.write(older.resolve("libsqlitejdbc.so"), new byte[] {1, 2, 3});

        assertEquals(folder, SqliteNativeLibrary.unpack(state).orElseThrow());
        assertArrayEquals(jarCopy(), Files.readAllBytes(copy));
        assertFalse(Files.exists(older), "an earlier version's copy is removed");
    }

    private static byte[] jarCopy() throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
