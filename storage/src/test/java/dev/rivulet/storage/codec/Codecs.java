package dev.rivulet.storage.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ready codecs for the storage tests and benchmarks (the engine writes its records with the app's RecordCodec).
 * All numbers are big-endian ({@link DataOutput}'s order); lengths and counts are 4-byte signed ints that must be
 * 0 or more.
 *
 * <pre>
 * LONG      8 bytes, two's complement
 * INT       4 bytes, two's complement
 * DOUBLE    8 bytes, IEEE 754 bits (Double.doubleToLongBits: every NaN written as the canonical NaN)
 * BOOLEAN   1 byte, 0 or 1
 * STRING    INT byte length, then that many UTF-8 bytes
 * BYTES     INT length, then the bytes
 * list      INT count, then each element
 * map       INT count, then key, value for each entry in the map's iteration order
 * entry     key, then value
 * optional  BOOLEAN present, then the value if present
 * </pre>
 */
public final class Codecs {

    /** 8-byte big-endian long. */
    public static final Codec<Long> LONG = new Codec<>() {
        @Override
        public void write(Long value, DataOutput out) throws IOException {
            out.writeLong(value);
        }

        @Override
        public Long read(DataInput in) throws IOException {
            return in.readLong();
        }
    };

    /** 4-byte big-endian int. */
    public static final Codec<Integer> INT = new Codec<>() {
        @Override
        public void write(Integer value, DataOutput out) throws IOException {
            out.writeInt(value);
        }

        @Override
        public Integer read(DataInput in) throws IOException {
            return in.readInt();
        }
    };

    /** 8-byte IEEE 754 double. */
    public static final Codec<Double> DOUBLE = new Codec<>() {
        @Override
        public void write(Double value, DataOutput out) throws IOException {
            out.writeDouble(value);
        }

        @Override
        public Double read(DataInput in) throws IOException {
            return in.readDouble();
        }
    };

    /** One byte, 0 or 1. */
    public static final Codec<Boolean> BOOLEAN = new Codec<>() {
        @Override
        public void write(Boolean value, DataOutput out) throws IOException {
            out.writeBoolean(value);
        }

        @Override
        public Boolean read(DataInput in) throws IOException {
            int flag = in.readUnsignedByte();
            if (flag > 1) {
                throw new IOException("a boolean must be 0 or 1, was " + flag);
            }
            return flag == 1;
        }
    };

    /** Length-prefixed bytes. */
    public static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public void write(byte[] value, DataOutput out) throws IOException {
            out.writeInt(value.length);
            out.write(value);
        }

        @Override
        public byte[] read(DataInput in) throws IOException {
            byte[] value = new byte[readCount(in)];
            in.readFully(value);
            return value;
        }
    };

    /**
     * Length-prefixed UTF-8. Not {@link DataOutput#writeUTF}: that one is limited to 65,535 bytes and uses
     * modified UTF-8.
     */
    public static final Codec<String> STRING = new Codec<>() {
        @Override
        public void write(String value, DataOutput out) throws IOException {
            BYTES.write(value.getBytes(StandardCharsets.UTF_8), out);
        }

        @Override
        public String read(DataInput in) throws IOException {
            return new String(BYTES.read(in), StandardCharsets.UTF_8);
        }
    };

    private Codecs() {
    }

    /** A list: count, then the elements. Reads back an {@link ArrayList}. */
    public static <T> Codec<List<T>> listOf(Codec<T> element) {
        return new Codec<>() {
            @Override
            public void write(List<T> value, DataOutput out) throws IOException {
                out.writeInt(value.size());
                for (T item : value) {
                    element.write(item, out);
                }
            }

            @Override
            public List<T> read(DataInput in) throws IOException {
                int count = readCount(in);
                List<T> list = new ArrayList<>(Math.min(count, 1 << 16));
                for (int i = 0; i < count; i++) {
                    list.add(element.read(in));
                }
                return list;
            }
        };
    }

    /** A map: count, then key and value per entry in iteration order. Reads back a {@link LinkedHashMap}. */
    public static <K, V> Codec<Map<K, V>> mapOf(Codec<K> key, Codec<V> value) {
        return new Codec<>() {
            @Override
            public void write(Map<K, V> map, DataOutput out) throws IOException {
                out.writeInt(map.size());
                for (Map.Entry<K, V> entry : map.entrySet()) {
                    key.write(entry.getKey(), out);
                    value.write(entry.getValue(), out);
                }
            }

            @Override
            public Map<K, V> read(DataInput in) throws IOException {
                int count = readCount(in);
                Map<K, V> map = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    map.put(key.read(in), value.read(in));
                }
                return map;
            }
        };
    }

    /** Two values one after the other, as a {@link Map#entry} (neither may be null). */
    public static <K, V> Codec<Map.Entry<K, V>> entryOf(Codec<K> key, Codec<V> value) {
        return new Codec<>() {
            @Override
            public void write(Map.Entry<K, V> entry, DataOutput out) throws IOException {
                key.write(entry.getKey(), out);
                value.write(entry.getValue(), out);
            }

            @Override
            public Map.Entry<K, V> read(DataInput in) throws IOException {
                K k = key.read(in);
                return Map.entry(k, value.read(in));
            }
        };
    }

    /** A presence flag, then the value if present. */
    public static <T> Codec<Optional<T>> optionalOf(Codec<T> element) {
        return new Codec<>() {
            @Override
            public void write(Optional<T> value, DataOutput out) throws IOException {
                out.writeBoolean(value.isPresent());
                if (value.isPresent()) {
                    element.write(value.get(), out);
                }
            }

            @Override
            public Optional<T> read(DataInput in) throws IOException {
                return BOOLEAN.read(in) ? Optional.of(element.read(in)) : Optional.empty();
            }
        };
    }

    private static int readCount(DataInput in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("a length or count must be 0 or more, was " + count);
        }
        return count;
    }
}
