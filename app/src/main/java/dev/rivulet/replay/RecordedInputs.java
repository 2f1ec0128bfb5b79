package dev.rivulet.replay;

import dev.rivulet.archive.InputArchive;
import dev.rivulet.sensors.recording.RecordedLine;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingException;
import dev.rivulet.sensors.recording.RecordingReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.zip.ZipException;

/**
 * Several recordings read as one, in time order: each file is read in its own order and the files are merged by
 * time (a tie goes to the file named first); a single file is read straight through. Lines that are not messages
 * are counted and the first few said on {@code problems}; reading goes on.
 *
 * <p>A directory stands for the input archive's daily files in it, oldest first. Archived messages are merged by
 * the batch they were in live and then by their log sequence: the order the gateway processed them in. One that
 * repeats a message read before (its sequence and its batch both at most the highest read: a member appended
 * twice) is skipped and counted. A file whose last gzip member is cut short (the gateway lost power while
 * appending it, and archives those readings again at its next start) is read up to that member, and said.
 */
final class RecordedInputs implements Closeable {

    private static final int PROBLEMS_SAID = 10;

    /** A file's next message, with its batch worked out once. */
    private record Head(RecordedMessage message, long batch, int file) {
    }

    /** Archived messages by batch and sequence; plain ones by time (on the same batch grid, then by time). */
    private static final Comparator<Head> ORDER = Comparator.comparingLong(Head::batch)
            .thenComparingLong(head -> head.message().archived() ? head.message().sequence() : head.message().time())
            .thenComparingInt(Head::file);

    private final List<RecordingReader> readers = new ArrayList<>();
    private final List<Path> paths = new ArrayList<>();
    private final long interval;
    private final PriorityQueue<Head> heads;
    private final PrintStream problems;
    private final RecordedLine merged = new RecordedLine();
    private long badLines;
    private long repeats;
    private long highestSequence;
    private long highestBatch = Long.MIN_VALUE;

    RecordedInputs(List<Path> inputs, long interval, PrintStream problems) throws IOException {
        this.problems = problems;
        this.interval = interval;
        this.heads = new PriorityQueue<>(ORDER);
        try {
            for (Path file : files(inputs)) {
                readers.add(RecordingReader.open(file));
                paths.add(file);
            }
            if (readers.size() > 1) {
                for (int i = 0; i < readers.size(); i++) {
                    advance(i);
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The files of {@code inputs}: each file itself, a directory's archive files oldest first. */
    static List<Path> files(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.isDirectory(input)) {
                files.add(input);
                continue;
            }
            List<Path> daily;
            try (var listing = Files.list(input)) {
                daily = listing.filter(InputArchive::isArchiveFile).sorted().toList();
            }
            if (daily.isEmpty()) {
                throw new IllegalArgumentException(input + " is a directory without archive files (YYYY-MM-DD.jsonl.gz):"
                        + " give the archive directory (<storage.directory>/archive) or recording files");
            }
            files.addAll(daily);
        }
        return files;
    }

    /** The batch a message is in: the archived one, or the one its arrival time falls in. */
    static long batch(RecordedLine message, long interval) {
        return message.archived() ? message.batch() : Replay.batchOf(message.time(), interval);
    }

    /**
     * The next message in order, or null when every file is read; repeated archived messages are left out. The
     * same {@link RecordedLine} every call, valid until the next: a single file is read in place, with no message
     * made a line (the merge of several keeps each file's next message).
     */
    RecordedLine next() throws IOException {
        while (true) {
            RecordedLine message;
            if (readers.size() == 1) {
                message = readLine(0);
            } else {
                Head head = heads.poll();
                message = head == null ? null : merged.set(head.message());
                if (head != null) {
                    advance(head.file());
                }
            }
            if (message == null) {
                return null;
            }
            if (!message.archived()) {
                return message;
            }
            if (message.sequence() <= highestSequence && message.batch() <= highestBatch) {
                repeats++;
                continue;
            }
            highestSequence = Math.max(highestSequence, message.sequence());
            highestBatch = Math.max(highestBatch, message.batch());
            return message;
        }
    }

    private void advance(int file) throws IOException {
        RecordedLine line = readLine(file);
        if (line != null) {
            heads.add(new Head(line.toMessage(), batch(line, interval), file));
        }
    }

    /**
     * The file's next message in place (valid until the next read), or null at its end; lines that are not
     * messages are counted and skipped.
     */
    private RecordedLine readLine(int file) throws IOException {
        while (true) {
            try {
                return readers.get(file).nextLine();
            } catch (EOFException | ZipException e) {
                problems.println("rivulet replay: " + paths.get(file) + " ends in a cut-short or damaged gzip member ("
                        + e.getMessage() + "); read up to it. An archive's last member is cut short when the gateway"
                        + " lost power while appending it: it archives those readings again when it starts");
                return null;
            } catch (RecordingException e) {
                if (++badLines <= PROBLEMS_SAID) {
                    problems.println("rivulet replay: skipped " + e.getMessage()
                            + (badLines == PROBLEMS_SAID ? " (further bad lines are only counted)" : ""));
                }
            }
        }
    }

    /** Archived messages skipped because they repeat ones read before. */
    long repeats() {
        return repeats;
    }

    /** Lines that were not recorded messages. */
    long badLines() {
        return badLines;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RecordingReader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
