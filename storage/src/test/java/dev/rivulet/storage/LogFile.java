package dev.rivulet.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The log lines written during the tests (tinylog writes them to a file, see tinylog.properties). */
public final class LogFile {

    private static final Path FILE = Path.of("target", "storage-test.log");

    private LogFile() {
    }

    /** The lines logged so far that contain {@code text}. */
    public static List<String> linesContaining(String text) {
        try {
            if (!Files.exists(FILE)) {
                return List.of();
            }
            return Files.readAllLines(FILE, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(text))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
