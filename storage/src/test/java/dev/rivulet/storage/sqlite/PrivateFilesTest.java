package dev.rivulet.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.storage.DeliveryMark;
import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ManualClock;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state directory and database files are private whatever the umask. The JVM running this test has the
 * build's umask (022 as a rule, which gives 0755 and 0644 without the fix); the shaded jar's test under
 * {@code umask 000} is in the app module (FilePermissionsIT).
 */
class PrivateFilesTest {

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock();

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewStateDirectoryAndItsDatabaseFilesAreTheOwnersOnly() throws Exception {
        Path state = root.resolve("state");
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), clock)) {
            store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1})), List.of(new DeliveryMark("doors", 1, 1)));
            assertEquals("rwx------", mode(state));
            assertEquals("rw-------", mode(store.file()));
            assertEquals("rw-------", mode(Path.of(store.file() + "-wal")));
            assertEquals("rw-------", mode(Path.of(store.file() + "-shm")));
        }
    }

    @Test
    void anExistingWorldReadableDatabaseLosesOthersAccessAndKeepsItsGroups() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), clock)) {
            store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1})), List.of());
        }
        Path file = state.resolve(StoreConfig.DEFAULT_FILE_NAME);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), clock)) {
            assertEquals("rw-rw----", mode(file));
            assertEquals(1, store.receiverLog().lastSequence(), "the data is still there");
        }
    }

    @Test
    void anExistingStateDirectoryAndATightFileAreLeftAsTheyAre() throws Exception {
        Path state = Files.createDirectories(root.resolve("state"));
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-x---"));
        Path file = state.resolve(StoreConfig.DEFAULT_FILE_NAME);
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), clock)) {
            store.receiverLog().append(List.of(new LogRecord(1000, new byte[] {1})), List.of());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (SqliteStore store = SqliteStore.open(StoreConfig.defaults(state), clock)) {
            assertEquals("rwxr-x---", mode(state));
            assertEquals("rw-r-----", mode(file));
        }
    }
}
