package dev.rivulet.storage.sqlite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.sqlite.util.OSInfo;
import org.tinylog.Logger;

/**
 * SQLite's native library, unpacked once into the state directory and loaded from there at every later start.
 *
 * <p>Left to itself, sqlite-jdbc unpacks its 1 MB library at every start under a new name into
 * {@code org.sqlite.tmpdir}, reads it back to compare checksums, and deletes it only at a normal exit: a tenth of
 * a second of each start on this machine (docs/BENCHMARKS.md, "Start-up"), a megabyte written to the SD card per
 * start, and a copy left behind by every power cut ({@link SqliteNativeLeftovers}). Here the library goes to
 * {@code STATE/native/sqlite-jdbc-VERSION-OS-ARCH/} once, checked against the jar's own CRC-32 of it at every start
 * (a torn or altered copy is unpacked again), and sqlite-jdbc is pointed at it with {@code org.sqlite.lib.path}.
 * The state directory is the gateway's alone (0700 when Rivulet makes it), unlike a shared temporary folder, where
 * a library under a fixed name could be planted by another user.
 *
 * <p>Nothing here is needed for SQLite to work: when the library cannot be unpacked (a read-only or full disk, a
 * class path without the jar) or was already chosen ({@code -Dorg.sqlite.lib.path}), sqlite-jdbc does as it always
 * did, and when the copy cannot be loaded (a state directory mounted {@code noexec}) sqlite-jdbc falls back to its
 * own unpacking.
 */
final class SqliteNativeLibrary {

    static final String FOLDER = "native";
    private static final String PROPERTY = "org.sqlite.lib.path";

    private SqliteNativeLibrary() {
    }

    /**
     * Points sqlite-jdbc at the copy in {@code stateDirectory}, unpacking it first when it is missing or differs
     * from the jar's; does nothing when {@code org.sqlite.lib.path} is set already.
     */
    static void useCopyIn(Path stateDirectory) {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        unpack(stateDirectory).ifPresent(folder -> System.setProperty(PROPERTY, folder.toString()));
    }

    /** The folder holding a checked copy of the library for this platform, unpacked now if needed; empty when none. */
    static Optional<Path> unpack(Path stateDirectory) {
        String platform = platform(); // "/org/sqlite/native/Linux/aarch64"
        if (platform == null) {
            return Optional.empty(); // sqlite-jdbc will say what it could not find out
        }
        String name = LibraryLoaderUtil.getNativeLibName();
        URL resource = SQLiteJDBCLoader.class.getResource(platform + "/" + name);
        if (resource == null) {
            return Optional.empty(); // sqlite-jdbc will say that it has no library for this platform
        }
        String version = "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion();
        Path folder = stateDirectory.resolve(FOLDER)
                .resolve(version + platform.substring("/org/sqlite/native".length()).replace('/', '-'));
        Path copy = folder.resolve(name);
        Path partial = folder.resolve(name + ".partial");
        try {
            Optional<Path> jar = jarOf(resource);
            if (jar.isEmpty()) {
                return Optional.empty(); // not from a jar: no checksum to hold a copy to
            }
            // Our own handle on the jar, closed here: a cached URL connection would keep its index in memory.
            try (JarFile file = new JarFile(jar.get().toFile())) {
                JarEntry entry = file.getJarEntry(platform.substring(1) + "/" + name);
                if (entry == null) {
                    return Optional.empty();
                }
                if (Files.isRegularFile(copy) && crc32(copy) == entry.getCrc()) {
                    return Optional.of(folder);
                }
                // One level at a time, each 0700: the state directory may not be there yet either.
                PrivateFiles.createDirectory(stateDirectory);
                PrivateFiles.createDirectory(folder.getParent());
                PrivateFiles.createDirectory(folder);
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                if (crc32(partial) != entry.getCrc()) {
                    Files.deleteIfExists(partial);
                    Logger.warn("Storage: the copy of SQLite's native library written to {} does not match the"
                            + " jar's; SQLite unpacks its own at each start instead", partial);
                    return Optional.empty();
                }
                Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Logger.info("Storage: unpacked SQLite's native library to {}, once for this version", copy);
            removeOtherVersions(folder);
            return Optional.of(folder);
        } catch (IOException | RuntimeException e) {
            // A full disk: what was written of the copy goes, or sqlite-jdbc's own would not fit beside it.
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // Said below: the copy is not used either way.
            }
            Logger.warn("Storage: could not keep SQLite's native library in {} ({}); SQLite unpacks its own at each"
                    + " start instead", folder, describe(e));
            return Optional.empty();
        }
    }

    /**
     * The jar's folder of native libraries for this machine, or null when sqlite-jdbc cannot tell. Worked out once a
     * process: sqlite-jdbc works it out at every call, running {@code uname} in a child process.
     */
    static String platform() {
        return Platform.RESOURCE_PATH;
    }

    private static final class Platform {
        static final String RESOURCE_PATH = resolve();

        private static String resolve() {
            String known = withoutAChildProcess(System.getProperty("os.name"), System.getProperty("os.arch"));
            if (known != null && !OSInfo.isAndroidRuntime() && !muslLoaded()) {
                return known;
            }
            try {
                return LibraryLoaderUtil.getNativeLibResourcePath();
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * Whether this process runs on musl's C library (Alpine), whose libraries are sqlite-jdbc's to find: its loader
     * is mapped. One read of {@code /proc/self/maps}; sqlite-jdbc's own check lists every mapping's file.
     */
    private static boolean muslLoaded() {
        try (BufferedReader maps = Files.newBufferedReader(Path.of("/proc/self/maps"))) {
            for (String line = maps.readLine(); line != null; line = maps.readLine()) {
                if (line.contains("/ld-musl-")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return true; // no /proc to tell: sqlite-jdbc decides
        }
    }

    /**
     * sqlite-jdbc's folder for a 64-bit Linux on x86 or ARM with the GNU C library, from the JVM's own properties, or
     * null for anything else. sqlite-jdbc asks {@code uname -o} in a child process on every Linux (to tell Termux on
     * Android), 40–50 ms of a start on this machine with the process's threads and classes; for these two its
     * answer only ever depends on the architecture. A 32-bit ARM board (armv6, armv7 or arm, told apart with
     * {@code uname -m}) is left to sqlite-jdbc, and a wrong answer here could cost no more than that: a library that
     * does not load is followed by sqlite-jdbc's own choice (see the class comment).
     */
    static String withoutAChildProcess(String osName, String osArch) {
        if (!"Linux".equals(osName) || osArch == null) {
            return null;
        }
        return switch (osArch) {
            case "amd64", "x86_64" -> "/org/sqlite/native/Linux/x86_64";
            case "aarch64", "arm64" -> "/org/sqlite/native/Linux/aarch64";
            default -> null;
        };
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
    }

    /** The jar file a class path resource is in, when it is in one on the local file system. */
    private static Optional<Path> jarOf(URL resource) {
        String url = resource.toString();
        int separator = url.indexOf("!/");
        if (!url.startsWith("jar:file:") || separator < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(new URI(url.substring("jar:".length(), separator))));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue();
    }

    /** After an upgrade: the copies other versions of sqlite-jdbc unpacked go. */
    private static void removeOtherVersions(Path kept) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(kept.getParent(), "sqlite-jdbc-*")) {
            for (Path folder : folders) {
                if (!folder.equals(kept)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                        for (Path file : files) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(folder);
                }
            }
        } catch (IOException e) {
            Logger.warn("Storage: could not remove earlier versions of SQLite's native library from {}: {}",
                    kept.getParent(), e.getMessage());
        }
    }
}
