package dev.rivulet.sensors.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import dev.rivulet.sensors.json.FlatJsonScanner;
import dev.rivulet.sensors.json.FlatMembers;
import dev.rivulet.sensors.json.FlatMembers.Kind;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

/**
 * Reads a recording ({@link dev.rivulet.sensors.recording the format}), plain or gzip-compressed (told by its first
 * two bytes; concatenated gzip members, as an archive appends them, read as one stream), one message a call.
 *
 * <p>Blank lines are skipped and members other than {@code time}, {@code topic}, {@code payload}, an archive's
 * {@code batch} and {@code seq}, and
 * {@code payloadBase64} are ignored, so a capture with extra fields (qos, retain) reads as it is; without
 * {@code time}, {@code tst} (an ISO-8601 time) is taken, so that what {@code mosquitto_sub -F %j} prints is a
 * recording as it is. A line
 * that is not a recorded message is reported with its number and what is wrong ({@link RecordingException}), and
 * reading goes on with the next line: one bad line in a week of messages costs that line.
 */
public final class RecordingReader implements Closeable {

    /** Longer lines are refused: a payload past the largest MQTT message a source takes, base64-encoded. */
    public static final int MAX_LINE_BYTES = 4 * 1024 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final InputStream in;
    private final String name;
    private final FlatJsonScanner scanner = new FlatJsonScanner();
    private String lastTopic;
    private final RecordedLine current = new RecordedLine();
    /** An escaped payload, its escapes replaced (one a line, used again). */
    private byte[] unescapedPayload = new byte[256];
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;
    private long line;

    /**
     * @param in   the recording's bytes, plain or gzip
     * @param name what to call it in messages (its file name)
     */
    public RecordingReader(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        this.in = gzip ? new GZIPInputStream(buffered, 64 * 1024) : buffered;
        this.name = name;
    }

    /** Opens a recording file. */
    public static RecordingReader open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            return new RecordingReader(in, file.toString());
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The next message, or null at the end.
     *
     * @throws RecordingException when the next line is not a recorded message; the next call reads the line after it
     */
    public RecordedMessage next() throws IOException, RecordingException {
        RecordedLine next = nextLine();
        return next == null ? null : next.toMessage();
    }

    /**
     * The next message where it was read, or null at the end: the same {@link RecordedLine} every call, its
     * payload in this reader's buffers, valid until the next call (a replay decodes it at once: no copy is made).
     *
     * @throws RecordingException when the next line is not a recorded message; the next call reads the line after it
     */
    public RecordedLine nextLine() throws IOException, RecordingException {
        while (true) {
            int newline = nextNewline();
            if (newline == NOTHING_LEFT) {
                return null;
            }
            line++;
            if (newline == TOO_LONG) {
                throw new RecordingException(name, line, "longer than " + MAX_LINE_BYTES + " bytes; skipped");
            }
            int from = start;
            int to = newline > from && buffer[newline - 1] == '\r' ? newline - 1 : newline;
            start = Math.min(newline + 1, end);
            if (!blank(from, to)) {
                return parse(from, to);
            }
        }
    }

    private static final int NOTHING_LEFT = -1;
    private static final int TOO_LONG = -2;

    /**
     * The index in the buffer where the next line ends (its newline, or the end of the input), reading more as
     * needed; {@link #NOTHING_LEFT} at the end, {@link #TOO_LONG} when the line was longer than the limit and has
     * been read past.
     */
    private int nextNewline() throws IOException {
        int scanned = start;
        while (true) {
            int newline = newlineIn(buffer, scanned, end);
            if (newline >= 0) {
                return newline;
            }
            if (eof) {
                return start < end ? end : NOTHING_LEFT;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            scanned = end;
            if (end >= MAX_LINE_BYTES) {
                skipRestOfLine();
                return TOO_LONG;
            }
            if (end == buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, MAX_LINE_BYTES + 1));
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                eof = true;
            } else {
                end += read;
            }
        }
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The index of the first newline in {@code bytes[from, to)}, or -1; eight bytes at a time. */
    static int newlineIn(byte[] bytes, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ 0x0A0A0A0A0A0A0A0AL;
            // A byte of x is zero (a newline) only if (x - 0x01…) & ~x sets its high bit; the lowest one set is the first.
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Drops the part of an overlong line in the buffer and reads past its newline, keeping what follows. */
    private void skipRestOfLine() throws IOException {
        start = 0;
        end = 0;
        while (true) {
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                eof = true;
                return;
            }
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    start = i + 1;
                    end = read;
                    return;
                }
            }
        }
    }

    private boolean blank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buffer[i];
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private RecordedLine parse(int from, int to) throws IOException, RecordingException {
        long time = Long.MIN_VALUE;
        long batch = RecordedMessage.NO_BATCH;
        long sequence = 0;
        String tst = null;
        String topic = null;
        byte[] payload = null;
        int payloadFrom = 0;
        int payloadTo = 0;
        try (FlatMembers members = FlatMembers.open(scanner, JSON, buffer, from, to)) {
            if (!members.isObject()) {
                throw new RecordingException(name, line, "not a JSON object");
            }
            while (members.next()) {
                if (members.nameIs("time")) {
                    if (members.kind() != Kind.INT) {
                        throw new RecordingException(name, line, "\"time\" must be whole milliseconds since the epoch");
                    }
                    time = members.longValue();
                } else if (members.nameIs("tst")) {
                    tst = text(members, "tst");
                } else if (members.nameIs("batch")) {
                    batch = whole(members, "batch");
                } else if (members.nameIs("seq")) {
                    sequence = whole(members, "seq");
                } else if (members.nameIs("topic")) {
                    // Recordings hold few topics: the one before is kept rather than made again.
                    topic = members.textIs(lastTopic) ? lastTopic : text(members, "topic");
                    lastTopic = topic;
                } else if (members.nameIs("payload")) {
                    checkString(members, "payload");
                    only(payload);
                    if (members == scanner) {
                        payload = payloadInPlace();
                        payloadFrom = payload == buffer ? scanner.utf8From() : 0;
                        payloadTo = payloadFrom + scanner.utf8To() - scanner.utf8From();
                    } else {
                        payload = members.utf8();
                        payloadFrom = 0;
                        payloadTo = payload.length;
                    }
                } else if (members.nameIs("payloadBase64")) {
                    only(payload);
                    payload = base64(text(members, "payloadBase64"));
                    payloadFrom = 0;
                    payloadTo = payload.length;
                }
            }
            if (!members.closed() || members.trailing()) {
                throw new RecordingException(name, line, "more than one JSON object on the line");
            }
        } catch (JsonParseException e) {
            throw new RecordingException(name, line, "not JSON: " + e.getOriginalMessage());
        }
        if (time == Long.MIN_VALUE && tst != null) {
            time = mosquittoTimestamp(tst);
        }
        if (time == Long.MIN_VALUE) {
            throw new RecordingException(name, line, "no \"time\" (epoch milliseconds)");
        }
        if (topic == null || topic.isEmpty()) {
            throw new RecordingException(name, line, "no \"topic\"");
        }
        if (payload == null) {
            throw new RecordingException(name, line, "no \"payload\" (UTF-8 text) or \"payloadBase64\"");
        }
        if ((batch == RecordedMessage.NO_BATCH) != (sequence == 0)) {
            throw new RecordingException(name, line, "\"batch\" and \"seq\" come together (an archive's lines), or not at all");
        }
        current.set(time, topic, payload, payloadFrom, payloadTo, batch, sequence);
        return current;
    }

    /**
     * The scanner's string value (the payload) where it lies: in the line itself when it has no escape, else
     * copied to the start of {@link #unescapedPayload}, as the scanner's own buffer is used again by an escaped value read after it.
     */
    private byte[] payloadInPlace() {
        byte[] data = scanner.utf8InPlace();
        if (data == buffer) {
            return data;
        }
        int length = scanner.utf8To() - scanner.utf8From();
        if (unescapedPayload.length < length) {
            unescapedPayload = new byte[Math.max(length, unescapedPayload.length * 2)];
        }
        System.arraycopy(data, scanner.utf8From(), unescapedPayload, 0, length);
        return unescapedPayload;
    }

    private long whole(FlatMembers members, String field) throws IOException, RecordingException {
        if (members.kind() != Kind.INT) {
            throw new RecordingException(name, line, "\"" + field + "\" must be a whole number");
        }
        return members.longValue();
    }

    /**
     * Epoch milliseconds of mosquitto_sub's {@code %j} timestamp: ISO-8601 with microseconds and an offset,
     * {@code 2026-12-05T12:31:51.191205Z+0000} as mosquitto 2.0 writes it (a Z and then the offset again).
     */
    private long mosquittoTimestamp(String tst) throws RecordingException {
        String iso = tst.endsWith("Z+0000") ? tst.substring(0, tst.length() - 5)
                : tst.matches(".*[+-]\\d{4}") ? tst.substring(0, tst.length() - 2) + ":" + tst.substring(tst.length() - 2)
                : tst;
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new RecordingException(name, line, "\"tst\" '" + tst + "' is not an ISO-8601 time with an offset");
        }
    }

    private String text(FlatMembers members, String field) throws IOException, RecordingException {
        checkString(members, field);
        return members.text();
    }

    private void checkString(FlatMembers members, String field) throws RecordingException {
        if (members.kind() != Kind.STRING) {
            throw new RecordingException(name, line, "\"" + field + "\" must be a string");
        }
    }

    private void only(byte[] before) throws RecordingException {
        if (before != null) {
            throw new RecordingException(name, line, "both \"payload\" and \"payloadBase64\": give one");
        }
    }

    private byte[] base64(String text) throws RecordingException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new RecordingException(name, line, "\"payloadBase64\" is not base64: " + e.getMessage());
        }
    }

    /** Lines read so far, blank ones included. */
    public long lines() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
