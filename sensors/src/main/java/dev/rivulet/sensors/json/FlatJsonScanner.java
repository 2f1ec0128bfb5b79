package dev.rivulet.sensors.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the common case of a flat JSON object in one pass: {@code {"bus":"12","in":3,"out":1}}. It takes an
 * object only when it is valid JSON (RFC 8259) that Jackson would read the same way, and otherwise declines,
 * so that Jackson reads it and says what is wrong: it declines nested values, any byte past ASCII, a name with an
 * escape, a <code>&#92;u</code> escape of a surrogate, integers of more than 18 digits, numbers of more than 48
 * characters, more than {@value #MAX_MEMBERS} members, a byte-order mark, and every syntax error.
 *
 * <p>The scan records where each member's name and value lie; values are made into strings or numbers only when
 * asked. One scanner serves one thread and is reused for every object it reads.
 */
public final class FlatJsonScanner implements FlatMembers {

    static final int MAX_MEMBERS = 32;
    private static final int MAX_INT_DIGITS = 18;
    /** Well inside the 64 characters the decoders allow Jackson. */
    private static final int MAX_NUMBER_LENGTH = 48;
    private static final Kind[] KINDS = Kind.values();
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Short texts kept to be given again: keys and labels repeat from one message to the next. */
    private static final int RECENT_TEXTS = 1024;
    private static final int RECENT_TEXT_LENGTH = 32;

    private final int[] nameFrom = new int[MAX_MEMBERS];
    private final int[] nameTo = new int[MAX_MEMBERS];
    private final int[] valueFrom = new int[MAX_MEMBERS];
    private final int[] valueTo = new int[MAX_MEMBERS];
    private final byte[] kinds = new byte[MAX_MEMBERS];
    private final boolean[] escaped = new boolean[MAX_MEMBERS];
    private final String[] recentTexts = new String[RECENT_TEXTS];
    /** The bytes of each of {@link #recentTexts}, compared faster than the string's characters. */
    private final byte[][] recentBytes = new byte[RECENT_TEXTS][];
    private byte[] scratch = new byte[256];
    private byte[] data;
    private int count;
    private int at;
    private int placeFrom;
    private int placeTo;
    /** The member whose string value, escapes replaced, is in {@link #scratch} (its first {@link #scratchLength} bytes), or -1. */
    private int scratchMember = -1;
    private int scratchLength;

    /** Scans {@code data[from, to)}; true when it holds one flat object this scanner takes. */
    public boolean scan(byte[] data, int from, int to) {
        this.data = data;
        this.count = 0;
        this.at = -1;
        this.scratchMember = -1;
        int i = skipWhitespace(from, to);
        if (i >= to || data[i] != '{') {
            return false;
        }
        i = skipWhitespace(i + 1, to);
        if (i < to && data[i] == '}') {
            return skipWhitespace(i + 1, to) == to;
        }
        while (true) {
            if (count == MAX_MEMBERS || i >= to || data[i] != '"') {
                return false;
            }
            int nameEnd = stringEnd(i + 1, to, false);
            if (nameEnd < 0) {
                return false;
            }
            nameFrom[count] = i + 1;
            nameTo[count] = nameEnd;
            i = skipWhitespace(nameEnd + 1, to);
            if (i >= to || data[i] != ':') {
                return false;
            }
            i = skipWhitespace(i + 1, to);
            i = value(i, to);
            if (i < 0) {
                return false;
            }
            count++;
            i = skipWhitespace(i, to);
            if (i >= to) {
                return false;
            }
            if (data[i] == '}') {
                return skipWhitespace(i + 1, to) == to;
            }
            if (data[i] != ',') {
                return false;
            }
            i = skipWhitespace(i + 1, to);
        }
    }

    /** Records the value starting at {@code i}; the index after it, or -1 when declined. */
    private int value(int i, int to) {
        if (i >= to) {
            return -1;
        }
        byte b = data[i];
        int end;
        Kind kind;
        escaped[count] = false;
        if (b == '"') {
            end = stringEnd(i + 1, to, true);
            if (end < 0) {
                return -1;
            }
            valueFrom[count] = i + 1;
            valueTo[count] = end;
            kinds[count] = (byte) Kind.STRING.ordinal();
            return end + 1;
        } else if (b == '-' || (b >= '0' && b <= '9')) {
            end = numberEnd(i, to);
            if (end < 0) {
                return -1;
            }
            kind = kinds[count] == (byte) Kind.FLOAT.ordinal() ? Kind.FLOAT : Kind.INT;
        } else if (literal(i, to, "true")) {
            end = i + 4;
            kind = Kind.TRUE;
        } else if (literal(i, to, "false")) {
            end = i + 5;
            kind = Kind.FALSE;
        } else if (literal(i, to, "null")) {
            end = i + 4;
            kind = Kind.NULL;
        } else {
            return -1;
        }
        if (end < to && !delimiter(data[end])) {
            return -1;
        }
        valueFrom[count] = i;
        valueTo[count] = end;
        kinds[count] = (byte) kind.ordinal();
        return end;
    }

    /**
     * The index of the closing quote of a string whose characters start at {@code i}, or -1 when declined:
     * control characters and bytes past ASCII, an invalid escape, a surrogate escape, or any escape when
     * {@code escapes} is false.
     */
    private int stringEnd(int i, int to, boolean escapes) {
        int start = i;
        while (true) {
            // Eight bytes at a time while none is a quote, a backslash, a control character or past ASCII; the word
            // holding one is read byte by byte.
            while (i + 8 <= to && plain((long) LONGS.get(data, i))) {
                i += 8;
            }
            int word = Math.min(i + 8, to);
            for (; i < word; i++) {
                byte b = data[i];
                if (b == '"') {
                    return i;
                }
                if (b < 0x20) {
                    return -1;
                }
                if (b == '\\') {
                    return escapes ? escapedStringEnd(start, i, to) : -1;
                }
            }
            if (i >= to) {
                return -1;
            }
        }
    }

    /**
     * {@link #stringEnd} of a string starting at {@code start} from its first escape at {@code i}: the same checks,
     * and the string with its escapes replaced is written to {@link #scratch} on the way, as it is likely to be
     * asked for (a recording's payload is such a string): the one pass over it.
     */
    private int escapedStringEnd(int start, int i, int to) {
        escaped[count] = true;
        int end = unescape(start, i, to);
        if (end >= 0) {
            scratchMember = count;
        }
        return end;
    }

    /**
     * Checks the string whose characters start at {@code start} up to its closing quote, the bytes before {@code i}
     * holding no escape, and writes it with its escapes replaced to {@link #scratch} ({@link #scratchLength} bytes);
     * the index of the closing quote, or -1 when {@link #stringEnd} would decline it.
     */
    private int unescape(int start, int i, int to) {
        // An escape is at least two bytes and stands for at most three: the output is never longer than the input.
        if (scratch.length < to - start) {
            scratch = new byte[Math.max(to - start, scratch.length * 2)];
        }
        byte[] out = scratch;
        int n = i - start;
        System.arraycopy(data, start, out, 0, n);
        for (; i < to; i++) {
            byte b = data[i];
            if (b == '"') {
                scratchLength = n;
                return i;
            }
            if (b < 0x20) {
                return -1;
            }
            if (b != '\\') {
                out[n++] = b;
                continue;
            }
            if (i + 1 >= to) {
                return -1;
            }
            byte e = data[++i];
            int c;
            switch (e) {
                case '"', '\\', '/' -> c = e;
                case 'b' -> c = '\b';
                case 'f' -> c = '\f';
                case 'n' -> c = '\n';
                case 'r' -> c = '\r';
                case 't' -> c = '\t';
                case 'u' -> {
                    if (i + 4 >= to) {
                        return -1;
                    }
                    c = hex(i + 1);
                    if (c < 0 || (c >= 0xD800 && c <= 0xDFFF)) {
                        return -1;
                    }
                    i += 4;
                }
                default -> {
                    return -1;
                }
            }
            n = putUtf8(out, n, c);
        }
        return -1;
    }

    /** Writes {@code c} (not a surrogate) as UTF-8 at {@code out[n]}; the index after it. */
    private static int putUtf8(byte[] out, int n, int c) {
        if (c < 0x80) {
            out[n++] = (byte) c;
        } else if (c < 0x800) {
            out[n++] = (byte) (0xC0 | (c >> 6));
            out[n++] = (byte) (0x80 | (c & 0x3F));
        } else {
            out[n++] = (byte) (0xE0 | (c >> 12));
            out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            out[n++] = (byte) (0x80 | (c & 0x3F));
        }
        return n;
    }

    /** Whether none of the eight bytes in {@code w} is a quote, a backslash, below 0x20 or past ASCII. */
    private static boolean plain(long w) {
        long quote = w ^ 0x2222222222222222L;
        long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
        // A byte of x is zero (or, for the third, below 0x20) only if (x - ...) & ~x sets its high bit somewhere.
        long anyQuote = (quote - 0x0101010101010101L) & ~quote;
        long anyBackslash = (backslash - 0x0101010101010101L) & ~backslash;
        long anyControl = (w - 0x2020202020202020L) & ~w;
        return ((anyQuote | anyBackslash | anyControl | w) & 0x8080808080808080L) == 0;
    }

    /** The four hex digits at {@code i} as a number, or -1. */
    private int hex(int i) {
        int unit = 0;
        for (int k = i; k < i + 4; k++) {
            int digit = Character.digit(data[k], 16);
            if (digit < 0) {
                return -1;
            }
            unit = unit * 16 + digit;
        }
        return unit;
    }

    /**
     * The index after a number starting at {@code i} in JSON's grammar ({@code -? (0 | [1-9][0-9]*) (. [0-9]+)?
     * ([eE] [+-]? [0-9]+)?}), or -1; marks it as a float when it has a fraction or an exponent.
     */
    private int numberEnd(int i, int to) {
        int start = i;
        boolean fraction = false;
        if (data[i] == '-') {
            i++;
        }
        int digits = digitsEnd(i, to);
        if (digits == i || (data[i] == '0' && digits > i + 1)) {
            return -1;
        }
        int intDigits = digits - i;
        i = digits;
        if (i < to && data[i] == '.') {
            digits = digitsEnd(i + 1, to);
            if (digits == i + 1) {
                return -1;
            }
            fraction = true;
            i = digits;
        }
        if (i < to && (data[i] == 'e' || data[i] == 'E')) {
            i++;
            if (i < to && (data[i] == '+' || data[i] == '-')) {
                i++;
            }
            digits = digitsEnd(i, to);
            if (digits == i) {
                return -1;
            }
            fraction = true;
            i = digits;
        }
        if (fraction ? i - start > MAX_NUMBER_LENGTH : intDigits > MAX_INT_DIGITS) {
            return -1;
        }
        kinds[count] = (byte) (fraction ? Kind.FLOAT : Kind.INT).ordinal();
        return i;
    }

    private int digitsEnd(int i, int to) {
        // Eight digits at a time (a time in milliseconds has thirteen).
        while (i + 8 <= to && digits((long) LONGS.get(data, i))) {
            i += 8;
        }
        while (i < to && data[i] >= '0' && data[i] <= '9') {
            i++;
        }
        return i;
    }

    /** Whether the eight bytes in {@code w} are all ASCII digits: 0x30 to 0x39 each. */
    private static boolean digits(long w) {
        return (w & 0xF0F0F0F0F0F0F0F0L) == 0x3030303030303030L
                && ((w + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) == 0x3030303030303030L;
    }

    private boolean literal(int i, int to, String word) {
        if (to - i < word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (data[i + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean delimiter(byte b) {
        return b == ',' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }

    private int skipWhitespace(int i, int to) {
        while (i < to) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return i;
            }
            i++;
        }
        return i;
    }

    @Override
    public boolean isObject() {
        return true;
    }

    @Override
    public boolean next() {
        return ++at < count;
    }

    @Override
    public boolean nameIs(String name) {
        return name != null && same(nameFrom[at], nameTo[at], name);
    }

    /** Whether the ASCII bytes {@code data[from, to)} are the characters of {@code text}. */
    private boolean same(int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int k = 0; k < text.length(); k++) {
            if (data[from + k] != text.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String name() {
        return new String(data, nameFrom[at], nameTo[at] - nameFrom[at], StandardCharsets.ISO_8859_1);
    }

    @Override
    public Kind kind() {
        return KINDS[kinds[at]];
    }

    @Override
    public String text() {
        if (escaped[at]) {
            return new String(unescaped(), StandardCharsets.UTF_8);
        }
        int from = valueFrom[at];
        int length = valueTo[at] - from;
        if (length > RECENT_TEXT_LENGTH) {
            return new String(data, from, length, StandardCharsets.ISO_8859_1);
        }
        // A bus id or a stop name is read a thousand times a second: the one read before is given again.
        int hash = 1;
        for (int i = from; i < from + length; i++) {
            hash = 31 * hash + data[i];
        }
        // Two places a hash, the newer text first: ids whose hashes meet (one in ten of 70 ids did, with one place)
        // are both kept rather than made again in turn.
        int slot = (hash ^ (hash >>> 16)) & (RECENT_TEXTS - 2);
        for (int k = slot; k < slot + 2; k++) {
            byte[] recent = recentBytes[k];
            if (recent != null && recent.length == length && sameBytes(from, recent)) {
                return recentTexts[k];
            }
        }
        String text = new String(data, from, length, StandardCharsets.ISO_8859_1);
        recentTexts[slot + 1] = recentTexts[slot];
        recentBytes[slot + 1] = recentBytes[slot];
        recentTexts[slot] = text;
        recentBytes[slot] = Arrays.copyOfRange(data, from, from + length);
        return text;
    }

    /** Whether {@code data} from {@code from} holds {@code bytes}: a loop, faster than a library call for a few bytes. */
    private boolean sameBytes(int from, byte[] bytes) {
        for (int k = 0; k < bytes.length; k++) {
            if (data[from + k] != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean textIs(String text) {
        return text != null && kinds[at] == Kind.STRING.ordinal() && !escaped[at]
                && same(valueFrom[at], valueTo[at], text);
    }

    @Override
    public byte[] utf8() {
        return escaped[at] ? unescaped() : Arrays.copyOfRange(data, valueFrom[at], valueTo[at]);
    }

    /**
     * A string value's UTF-8 bytes without copying them: the scanned data itself when the value has no escape,
     * else this scanner's buffer with the escapes replaced, valid until the next value is asked for. They are
     * {@code [utf8From(), utf8To())} of the array returned.
     */
    public byte[] utf8InPlace() {
        if (!escaped[at]) {
            placeFrom = valueFrom[at];
            placeTo = valueTo[at];
            return data;
        }
        placeFrom = 0;
        placeTo = unescapeIntoScratch();
        return scratch;
    }

    /** Where the bytes of the last {@link #utf8InPlace()} start. */
    public int utf8From() {
        return placeFrom;
    }

    /** Where the bytes of the last {@link #utf8InPlace()} end. */
    public int utf8To() {
        return placeTo;
    }

    /** A string value with its escapes replaced, as UTF-8 (no escape stands for a surrogate: the scan declined those). */
    private byte[] unescaped() {
        return Arrays.copyOf(scratch, unescapeIntoScratch());
    }

    /** Writes the string value with its escapes replaced into {@link #scratch}; the bytes written. */
    private int unescapeIntoScratch() {
        if (scratchMember != at) {
            // The scan checked this string and left its closing quote at valueTo: the same pass writes it again.
            unescape(valueFrom[at], valueFrom[at], valueTo[at] + 1);
            scratchMember = at;
        }
        return scratchLength;
    }

    @Override
    public long longValue() {
        long value = 0;
        int i = valueFrom[at];
        boolean negative = data[i] == '-';
        if (negative) {
            i++;
        }
        for (; i < valueTo[at]; i++) {
            value = value * 10 + (data[i] - '0');
        }
        return negative ? -value : value;
    }

    @Override
    public double doubleValue() {
        if (kinds[at] == Kind.INT.ordinal()) {
            return longValue();
        }
        return Double.parseDouble(text());
    }

    @Override
    public boolean closed() {
        return true;
    }

    @Override
    public boolean trailing() {
        return false;
    }

    /** Nothing to release: the scanner is kept for the next object. */
    @Override
    public void close() {
    }
}
