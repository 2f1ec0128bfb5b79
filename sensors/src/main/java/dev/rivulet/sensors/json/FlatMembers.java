package dev.rivulet.sensors.json;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;

/**
 * The members of one flat JSON object, read in order: a decoder asks {@link #isObject()}, then {@link #next()}
 * until it returns false, then {@link #closed()} and {@link #trailing()}. Nested values are skipped by the
 * reader. An {@link IOException} means the input is not JSON; its message says where.
 *
 * <p>{@link #open} picks the reader: the {@link FlatJsonScanner}, which takes flat ASCII objects with scalar values
 * (nearly every sensor payload and every recorded line) in one pass with no allocation but the values asked for,
 * and Jackson's streaming parser for anything else (nested values, non-ASCII text, numbers past a long, syntax
 * errors, which it reports). Both give the same members, kinds and texts for what the scanner takes.
 */
public interface FlatMembers extends AutoCloseable {

    /** What a member's value is. */
    enum Kind { STRING, INT, FLOAT, TRUE, FALSE, NULL, NESTED }

    /** Whether the input starts with a JSON object. */
    boolean isObject() throws IOException;

    /** Moves to the next member; false after the last. */
    boolean next() throws IOException;

    /** Whether the member's name is {@code name}. */
    boolean nameIs(String name);

    /** The member's name. */
    String name();

    /** The member's value's kind. */
    Kind kind();

    /** The value as text: a string's characters, a number or literal as written. */
    String text() throws IOException;

    /** Whether the value is a string equal to {@code text} (null never is). */
    boolean textIs(String text) throws IOException;

    /** A string value's characters encoded as UTF-8. */
    byte[] utf8() throws IOException;

    /** An {@link Kind#INT} value. */
    long longValue() throws IOException;

    /** An {@link Kind#INT} or {@link Kind#FLOAT} value. */
    double doubleValue() throws IOException;

    /** After {@link #next()} returned false: whether the object ended (rather than the input). */
    boolean closed();

    /** After the object: whether anything but whitespace follows it. */
    boolean trailing() throws IOException;

    @Override
    void close() throws IOException;

    /**
     * The members of the object in {@code data[from, to)}: the {@code scanner}'s when it takes the input (the
     * scanner is reused, so a caller keeps one per thread), otherwise a Jackson parser from {@code json}.
     */
    static FlatMembers open(FlatJsonScanner scanner, JsonFactory json, byte[] data, int from, int to)
            throws IOException {
        if (scanner.scan(data, from, to)) {
            return scanner;
        }
        return new JacksonMembers(json.createParser(data, from, to - from));
    }
}
