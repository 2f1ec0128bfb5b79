package dev.rivulet.sensors.directory;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.LineReader;
import dev.rivulet.sensors.Reading;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Watches a directory and decodes every line of each new file, like Spark's {@code textFileStream}: files
 * present at a first start are ignored (unless asked otherwise), each new file is read once, every line of it, a few
 * lines at a time. Files must appear atomically: write them elsewhere on the same file system and move them in, as
 * Spark requires. Hidden files (starting with {@code .}) are skipped, so {@code .name.tmp} + rename also works inside
 * the directory.
 *
 * <h2>Restarts</h2>
 * Each reading is pushed with its {@link FilePosition} (its file, the file's modification time, its line and its
 * index in the line; the file's last reading says it is complete), for the consumer to keep with the reading once it
 * is durable. Started again with what was kept ({@link ReadFiles}), the source reads the files present at start as
 * Spark's {@code textFileStream} recovering from its checkpoint: a file read whole is skipped, a file read partly goes
 * on after its last kept reading, and a file that came while the gateway was stopped is read whole. A file of the same
 * name with another modification time is another file. A file with no reading after its last kept one (blank or
 * refused lines) is read again to its end, and those lines are dead-lettered again.
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
    /** Where the files read partly before a restart go on, by name; each taken when its file is read. */
    private final Map<String, FilePosition> resume = new HashMap<>();
    private final ReadFiles.Marks marks;

    /**
     * @param pollInterval    how often the directory is listed; default 1 s
     * @param maxFileBytes    larger files are dead-lettered unread; default 64 MiB
     * @param includeExisting also read files present now; default false (Spark's behaviour)
     */
    public DirectorySource(String name, Path directory, PayloadDecoder decoder, Duration pollInterval, long maxFileBytes,
                           boolean includeExisting, LongSupplier clock) {
        this(name, directory, decoder, pollInterval, maxFileBytes, includeExisting, ReadFiles.FIRST_START, clock);
    }

    /**
     * As the other constructor, going on from what was read before: when {@code before} is
     * {@linkplain ReadFiles#resuming() resuming}, files present now are read unless read whole already.
     */
    public DirectorySource(String name, Path directory, PayloadDecoder decoder, Duration pollInterval, long maxFileBytes,
                           boolean includeExisting, ReadFiles before, LongSupplier clock) {
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
        this.marks = before.marks();
        Map<String, FilePosition> kept = new HashMap<>(before.positions());
        List<FilePosition> present = new ArrayList<>();
        for (Path p : list()) {
            String file = p.getFileName().toString();
            long modified = modified(p);
            FilePosition position = kept.remove(file);
            if (position != null && position.modified() != modified) {
                position = null;
            }
            if (before.resuming()) {
                if (position != null && position.complete()) {
                    seen.add(file);
                } else if (position != null) {
                    resume.put(file, position);
                }
            } else if (!includeExisting) {
                seen.add(file);
                present.add(new FilePosition(file, modified, 0, 0, true));
            }
        }
        if (!before.resuming()) {
            marks.firstStart(present);
        }
        // Positions of files gone. A file replaced by another of the same name is read again, and its mark overwritten.
        kept.keySet().forEach(marks::forget);
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
        // Forget files that were removed, so the set and the kept positions stay as small as the directory.
        for (Iterator<String> file = seen.iterator(); file.hasNext(); ) {
            String name = file.next();
            if (!names.contains(name)) {
                file.remove();
                marks.forget(name);
            }
        }
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
     * its first bytes only. A file read partly before a restart goes on after its last kept reading: the lines before
     * are scanned, not decoded.
     */
    private void readFile(Path file, ReadingSink sink, DeadLetterSink deadLetters) throws InterruptedException {
        String topic = file.getFileName().toString();
        FilePosition from = resume.remove(topic);
        long now = clock.getAsLong();
        counters().addReceived(1);
        FileReadings readings = new FileReadings(topic, modified(file), from, sink);
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
                for (LineReader.Line line; (line = reader.next()) != null; ) {
                    lines++;
                    if (from != null && lines < from.line()) {
                        continue;
                    }
                    if (line.overflow() > 0) {
                        readings.result.reject(line.bytes(), "line " + lines + " is longer than " + MAX_LINE_BYTES + " bytes ("
                                + (line.bytes().length + line.overflow()) + ")");
                    } else if (!line.isBlank()) {
                        decoder.decode(topic, line.bytes(), now, readings.result);
                        readings.decoded(lines);
                    }
                    if (++pending == LINES_PER_DELIVERY) {
                        readings.deliver(now, deadLetters);
                        pending = 0;
                    }
                }
            }
        } catch (IOException e) {
            readings.deliver(now, deadLetters);
            readings.finish(false);
            counters().addDeadLettered(1);
            deadLetters.deadLetter(new DeadLetter(name(), topic, null, "cannot read" + (lines > 0 ? " past line " + lines : "")
                    + ": " + e.getMessage(), now));
            return;
        }
        readings.deliver(now, deadLetters);
        readings.finish(true);
    }

    /** The file's last-modified time in epoch millis, 0 when it cannot be read (it is then read as a new file). */
    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** A reading's acknowledgement: nothing upstream waits, but it says where in its file it was read. */
    private record FileAck(FilePosition position) implements Acknowledgement {
        @Override
        public void acknowledge() {
            // A file waits for nobody.
        }
    }

    /**
     * The readings of one file, decoded a few lines at a time, each with its line and its index in the line, pushed
     * one behind: the last is held until the next comes or the file ends, so the file's last reading can say the
     * file is complete.
     */
    private final class FileReadings {
        final DecodeResult result = new DecodeResult();
        private final String file;
        private final long modified;
        private final FilePosition from;
        private final ReadingSink sink;
        private long[] lineOf = new long[64];
        private int[] indexOf = new int[64];
        /** How many readings of {@link #result} have their line noted. */
        private int noted;
        private Reading held;
        private FilePosition heldAt;

        FileReadings(String file, long modified, FilePosition from, ReadingSink sink) {
            this.file = file;
            this.modified = modified;
            this.from = from;
            this.sink = sink;
        }

        /** Notes the line of the readings {@link #result} took since the last call. */
        void decoded(long line) {
            int count = result.readings().size();
            if (count > lineOf.length) {
                lineOf = Arrays.copyOf(lineOf, Math.max(count, lineOf.length * 2));
                indexOf = Arrays.copyOf(indexOf, lineOf.length);
            }
            for (int i = noted; i < count; i++) {
                lineOf[i] = line;
                indexOf[i] = i - noted;
            }
            noted = count;
        }

        /**
         * Dead-letters the rejections and pushes the readings decoded so far (but the last, held), counting both. The
         * letters are kept (in one group, where the sink writes groups) before any reading is pushed: a reading's place
         * in the file is kept with it, and must not be kept before a refused line ahead of it.
         */
        void deliver(long arrivalTime, DeadLetterSink deadLetters) throws InterruptedException {
            if (deadLetterRejections(file, result, arrivalTime, deadLetters)) {
                deadLetters.awaitKept();
            }
            List<Reading> decoded = result.readings();
            for (int i = 0; i < decoded.size(); i++) {
                if (from != null && !from.isBefore(lineOf[i], indexOf[i])) {
                    continue;
                }
                counters().addDecoded(1);
                if (held != null) {
                    sink.push(held, new FileAck(heldAt));
                }
                held = decoded.get(i);
                heldAt = new FilePosition(file, modified, lineOf[i], indexOf[i], false);
            }
            noted = 0;
            result.clear();
        }

        /** Pushes the held reading, the file's last: {@code complete} when the file was read to its end. */
        void finish(boolean complete) throws InterruptedException {
            if (held != null) {
                sink.push(held, new FileAck(new FilePosition(file, modified, heldAt.line(), heldAt.reading(), complete)));
                held = null;
            }
        }
    }
}
