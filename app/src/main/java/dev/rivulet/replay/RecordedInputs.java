package dev.rivulet.replay;

import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingException;
import dev.rivulet.sensors.recording.RecordingReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several recordings read as one, in time order: each file is read in its own order and the files are merged by
 * time (a tie goes to the file named first); a single file is read straight through. Lines that are not messages
 * are counted and the first few said on {@code problems}; reading goes on.
 */
final class RecordedInputs implements Closeable {

    private static final int PROBLEMS_SAID = 10;

    private record Head(RecordedMessage message, int file) {
    }

    private final List<RecordingReader> readers = new ArrayList<>();
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
            Comparator.comparingLong((Head head) -> head.message().time()).thenComparingInt(Head::file));
    private final PrintStream problems;
    private long badLines;

    RecordedInputs(List<Path> files, PrintStream problems) throws IOException {
        this.problems = problems;
        try {
            for (Path file : files) {
                readers.add(RecordingReader.open(file));
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

    /** The next message in time order, or null when every file is read. */
    RecordedMessage next() throws IOException {
        if (readers.size() == 1) {
            return read(0);
        }
        Head head = heads.poll();
        if (head == null) {
            return null;
        }
        advance(head.file());
        return head.message();
    }

    private void advance(int file) throws IOException {
        RecordedMessage message = read(file);
        if (message != null) {
            heads.add(new Head(message, file));
        }
    }

    /** The file's next message, or null at its end; lines that are not messages are counted and skipped. */
    private RecordedMessage read(int file) throws IOException {
        while (true) {
            try {
                return readers.get(file).next();
            } catch (RecordingException e) {
                if (++badLines <= PROBLEMS_SAID) {
                    problems.println("rivulet replay: skipped " + e.getMessage()
                            + (badLines == PROBLEMS_SAID ? " (further bad lines are only counted)" : ""));
                }
            }
        }
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
