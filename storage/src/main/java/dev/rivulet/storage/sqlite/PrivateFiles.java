package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.StoreException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The state directory and the database files are the gateway's alone, whatever the umask it was started with:
 * the database holds the readings, the outbox and the dead letters (payloads as received). systemd's
 * {@code UMask=0027} gives 0640 files; a shell's 022 would give 0644, and {@code umask 000} 0666. SQLite creates
 * a new database with 0644 less the umask, and its {@code -wal} and {@code -shm} with the database's own mode, so
 * the database file is created here first, 0600, before SQLite opens it. An existing file is never loosened: one
 * others may read or write loses those bits, with a log line (its group's, as systemd's umask gives, are kept).
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /** Creates the state directory, 0700, when it is not there; an existing one is the operator's and stays as it is. */
    static void createDirectory(Path directory) {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory);
            if (posix(directory)) {
                Files.setPosixFilePermissions(directory, DIRECTORY);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the state directory " + directory
                    + "; check storage.directory and its permissions", e);
        }
    }

    /** Creates the database file 0600 if it is not there, and takes others' access away from it and its -wal and -shm. */
    static void prepareDatabase(Path file) {
        try {
            if (!Files.exists(file) && posix(file.getParent())) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                    // The umask may have taken bits away from the mode asked for; 0600 is what is meant.
                    Files.setPosixFilePermissions(file, FILE);
                } catch (FileAlreadyExistsException e) {
                    // Created meanwhile by another process: tightened below like any existing file.
                }
            }
            for (String suffix : List.of("", "-wal", "-shm")) {
                tighten(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw new StoreException("cannot set the permissions of " + file + " (" + e.getClass().getSimpleName()
                    + "); check that the gateway's user owns " + file.getParent() + " and the files in it", e);
        }
    }

    /** Writes {@code text} to a new or replaced {@code file}, 0600 whatever the umask. */
    static void writeString(Path file, String text) throws IOException {
        if (posix(file.getParent())) {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        }
        Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void tighten(Path file) throws IOException {
        if (!Files.exists(file) || !posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> tight = EnumSet.copyOf(permissions);
        tight.removeAll(OTHERS);
        if (!tight.equals(permissions)) {
            Files.setPosixFilePermissions(file, tight);
            Logger.warn("Storage: {} was open to every user (mode {}); it is now {}, so that only the gateway's user"
                    + " (and its group) may read it", file, mode(permissions), mode(tight));
        }
    }

    private static boolean posix(Path path) {
        return path != null && Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    static String mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return String.format("%04o", mode);
    }
}
