package dev.rivulet.storage.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes values of one type to bytes and reads them back, with a documented layout.
 *
 * @param <T> the type encoded
 */
public interface Codec<T> {

    /** Writes {@code value}. */
    void write(T value, DataOutput out) throws IOException;

    /** Reads a value written by {@link #write}. */
    T read(DataInput in) throws IOException;

    /** The bytes of {@code value}. */
    default byte[] encode(T value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The value encoded in {@code bytes}.
     *
     * @throws IllegalArgumentException when the bytes are truncated or have bytes left over
     */
    default T decode(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        try {
            T value = read(new DataInputStream(in));
            if (in.available() > 0) {
                throw new IllegalArgumentException(in.available() + " bytes left over after decoding");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode " + bytes.length + " bytes: " + e, e);
        }
    }
}
