package dev.rivulet.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The batch grid the archived readings were taken on, in {@code grid.json} beside the archive's files:
 * {@code {"zeroTime": <epoch ms>, "intervalMillis": <ms>}}. Batch {@code k} ends at {@code zeroTime + k · interval},
 * and summary periods and windows are aligned on the zero time, so a replay that starts on the same grid closes
 * the same periods. Written when the gateway starts (or resumes) with the archive on; replaced, not appended.
 *
 * @param zeroTime       the time before the gateway's first batch
 * @param intervalMillis the batch interval
 */
public record ArchiveGrid(long zeroTime, long intervalMillis) {

    /** The file's name in the archive's directory. */
    public static final String FILE = "grid.json";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** Writes the grid into {@code directory}, replacing the file whole (a new file renamed over it, flushed). */
    public void write(Path directory) throws IOException {
        Path file = directory.resolve(FILE);
        Path fresh = directory.resolve(FILE + ".new");
        String text = "{\"zeroTime\":" + zeroTime + ",\"intervalMillis\":" + intervalMillis + "}\n";
        try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The grid of the archive an input belongs to: a directory's {@code grid.json}, or the one beside a daily
     * file; empty when there is none (a plain recording).
     *
     * @throws IOException when the file is there but is not a grid
     */
    public static Optional<ArchiveGrid> of(Path input) throws IOException {
        Path directory = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
        Path file = directory == null ? null : directory.resolve(FILE);
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        long zero = Long.MIN_VALUE;
        long interval = 0;
        try (JsonParser parser = JSON.createParser(Files.readAllBytes(file))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "zeroTime" -> zero = parser.getLongValue();
                    case "intervalMillis" -> interval = parser.getLongValue();
                    default -> parser.skipChildren();
                }
            }
        }
        if (zero == Long.MIN_VALUE || interval <= 0) {
            throw new IOException(file + " does not hold zeroTime and a positive intervalMillis");
        }
        return Optional.of(new ArchiveGrid(zero, interval));
    }

    /**
     * The latest time at or before {@code firstBatch - interval} that lies on this grid and on a period boundary
     * ({@code periodMillis}, a multiple of the interval): where a replay starting with batch {@code firstBatch}
     * starts its engine, so that it closes the periods the gateway closed.
     */
    public long startBefore(long firstBatch, long periodMillis) {
        long before = firstBatch - intervalMillis;
        return zeroTime + Math.floorDiv(before - zeroTime, periodMillis) * periodMillis;
    }
}
