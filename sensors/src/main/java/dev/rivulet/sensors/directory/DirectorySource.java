package dev.rivulet.sensors.directory;

import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.LineReader;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.SingleThreadSource;
import dev.rivulet.sensors.decode.DecodeResult;
import dev.rivulet.sensors.decode.PayloadDecoder;
import org.tinylog.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Watches a directory and decodes every line of each new file, like Spark's {@code textFileStream}: files
 * present at start are ignored (unless asked otherwise), each new file is read once, every line of it, a few lines
 * at a time. Files must appear
 * atomically: write them elsewhere on the same file system and move them in, as Spark requires. Hidden files
 * (starting with {@code .}) are skipped, so {@code .name.tmp} + rename also works inside the directory.
 */
public final class DirectorySource extends SingleThreadSource {
    /** The longest line taken, as the decoders' own payload limit. */
    static final int MAX_LINE_BYTES = 64 * 1024;
    /** Lines decoded before their readings are handed over. */
    private static final int LINES_PER_DELIVERY = 1_000;

    private final Path directory;
    private final PayloadDecoder decoder;
    private final Duration pollInterval;
    private final long maxFileBytes;
    private final LongSupplier clock;
    private final Set<String> seen = new HashSet<>();

    /**
     * @param pollInterval    how often the directory is listed; default 1 s
     * @param maxFileBytes    larger files are dead-lettered unread; default 64 MiB
     * @param includeExisting also read files present now; default false (Spark's behaviour)
     */
    public DirectorySource(String name, Path directory, PayloadDecoder decoder, Duration pollInterval, long maxFileBytes,
                           boolean includeExisting, LongSupplier clock) {
        super(name);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("directory.path=" + directory + ": not a directory; create it first");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("directory.pollInterval=" + pollInterval + ": must be positive");
        }
        this.directory = directory;
        this.decoder = decoder;
        this.pollInterval = pollInterval;
        this.maxFileBytes = maxFileBytes;
        this.clock = clock;
        if (!includeExisting) {
            for (Path p : list()) {
                seen.add(p.getFileName().toString());
            }
        }
    }

    @Override
    protected void run(ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        while (!isClosed()) {
            poll(sink, deadLetters);
            Thread.sleep(pollInterval.toMillis());
        }
    }

    /** Reads the files that appeared since the last poll; returns how many. Runs on the source's thread. */
    synchronized int poll(ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        List<Path> present = list();
        Set<String> names = new HashSet<>();
        present.forEach(p -> names.add(p.getFileName().toString()));
        // Forget files that were removed, so the set stays as small as the directory.
        seen.retainAll(names);
        int read = 0;
        for (Path file : present) {
            if (seen.add(file.getFileName().toString())) {
                readFile(file, sink, deadLetters);
                read++;
            }
        }
        return read;
    }

    /** Visible regular files, by name. */
    private List<Path> list() {
        List<Path> present = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path p : files) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
                    present.add(p);
                }
            }
        } catch (IOException e) {
            Logger.warn("directory source '{}': cannot list {}: {}", name(), directory, e.getMessage());
        }
        present.sort(null);
        return present;
    }

    /**
     * Reads one file line by line, handing its readings over every {@value #LINES_PER_DELIVERY} lines, so that a
     * file of any size up to {@code maxFileBytes} is read in the memory of a few lines: read whole, a 29 MB file of
     * readings ended a gateway with a 48 MB heap. A line over {@value #MAX_LINE_BYTES} bytes is dead-lettered with
     * its first bytes only.
     */
    private void readFile(Path file, ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        String topic = file.getFileName().toString();
        long now = clock.getAsLong();
        counters().addReceived(1);
        DecodeResult result = new DecodeResult();
        long lines = 0;
        try {
            long size = Files.size(file);
            if (size > maxFileBytes) {
                counters().addDeadLettered(1);
                deadLetters.deadLetter(new DeadLetter(name(), topic, null, "file of " + size + " bytes exceeds directory.maxFileBytes="
                        + maxFileBytes, now));
                return;
            }
            try (InputStream in = Files.newInputStream(file)) {
                LineReader reader = new LineReader(in, MAX_LINE_BYTES);
                int pending = 0;
                for (LineReader.Line line; (line = reader.next()) != null; lines++) {
                    if (line.overflow() > 0) {
                        result.reject(line.bytes(), "line " + (lines + 1) + " is longer than " + MAX_LINE_BYTES + " bytes ("
                                + (line.bytes().length + line.overflow()) + ")");
                    } else if (!line.isBlank()) {
                        decoder.decode(topic, line.bytes(), now, result);
                    }
                    if (++pending == LINES_PER_DELIVERY) {
                        deliver(topic, result, now, sink, deadLetters);
                        result.clear();
                        pending = 0;
                    }
                }
            }
        } catch (IOException e) {
            deliver(topic, result, now, sink, deadLetters);
            counters().addDeadLettered(1);
            deadLetters.deadLetter(new DeadLetter(name(), topic, null, "cannot read" + (lines > 0 ? " past line " + lines : "")
                    + ": " + e.getMessage(), now));
            return;
        }
        deliver(topic, result, now, sink, deadLetters);
    }
}
