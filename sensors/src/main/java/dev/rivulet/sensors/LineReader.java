package dev.rivulet.sensors;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

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
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    /** Reads {@code in} (buffered here) in lines of at most {@code maxLineBytes}. */
    public LineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("a line limit of " + maxLineBytes + " bytes");
        }
        this.in = new BufferedInputStream(in, 16 * 1024);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line; null at the end of the stream. */
    public Line next() throws IOException {
        long overflow = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return take(overflow, true);
            }
            if (line.size() < maxLineBytes) {
                line.write(b);
            } else {
                overflow++;
            }
        }
        return line.size() == 0 && overflow == 0 ? null : take(overflow, false);
    }

    private Line take(long overflow, boolean terminated) {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (overflow == 0 && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        return new Line(bytes, overflow, terminated);
    }
}
