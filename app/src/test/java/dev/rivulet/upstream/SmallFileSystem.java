package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real file system of a few megabytes (tmpfs), to fill up: {@code mount -t tmpfs -o size=3m}. Mounting
 * needs root, as CI has; elsewhere the test is skipped, not failed. Closing unmounts it.
 */
public final class SmallFileSystem implements AutoCloseable {

    private final Path path;

    private SmallFileSystem(Path path) {
        this.path = path;
    }

    /** Mounts a tmpfs of {@code size} (such as {@code 3m}) on {@code path}, or skips the test when not permitted. */
    public static SmallFileSystem mount(Path path, String size) throws IOException, InterruptedException {
        Files.createDirectories(path);
        String failure = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path.toString()));
        if (failure != null) {
            abort("cannot mount a " + size + " tmpfs on " + path + " (run as root to test a real full disk): " + failure);
        }
        return new SmallFileSystem(path);
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String failure = run(List.of("umount", path.toString()));
        if (failure != null) {
            throw new IOException("cannot unmount the test file system on " + path + ": " + failure);
        }
    }

    /** Runs a command; null when it succeeded, else its output. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish in 30 s";
        }
        return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
    }
}
