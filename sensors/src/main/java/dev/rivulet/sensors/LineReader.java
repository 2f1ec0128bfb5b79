package dev.rivulet.sensors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a byte stream, each ended by {@code \n} (a {@code \r} before it is dropped), none held longer than a
 * limit: of a longer line only the first {@code maxLineBytes} are kept, and how many more there were is told, so a
 * stream of any size is read in the memory of one line.
 */
public final class LineReader {

    /**
     * One line without its end.
     *
     * @param bytes      the line, at most {@code maxLineBytes}
     * @param overflow   how many bytes of the line were past the limit and not kept (0 for a whole line)
     * @param terminated false for the stream's last line when no {@code \n} ended it
     */
    public record Line(byte[] bytes, long overflow, boolean terminated) {

        /** Whether the line holds nothing but spaces and tabs (or nothing). */
        public boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t') {
                    return false;
                }
            }
            return true;
        }
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /** Reads {@code in} in lines of at most {@code maxLineBytes}. */
    public LineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("a line limit of " + maxLineBytes + " bytes");
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line; null at the end of the stream. */
    public Line next() throws IOException {
        long overflow = 0;
        while (position < limit || fill()) {
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int keep = Math.min(end - position, maxLineBytes - line.size());
            line.write(buffer, position, keep);
            overflow += end - position - keep;
            boolean ended = end < limit;
            position = ended ? end + 1 : end;
            if (ended) {
                return take(overflow, true);
            }
        }
        return line.size() == 0 && overflow == 0 ? null : take(overflow, false);
    }

    /** Reads the next bytes of the stream into the buffer; false at its end. */
    private boolean fill() throws IOException {
        int read = in.read(buffer);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    private Line take(long overflow, boolean terminated) {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (overflow == 0 && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line(bytes, overflow, terminated);
    }
}
