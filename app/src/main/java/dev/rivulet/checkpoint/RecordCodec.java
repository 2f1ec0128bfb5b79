package dev.rivulet.checkpoint;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.storage.codec.Codec;
import dev.rivulet.streaming.MapWithStateDStream;
import dev.rivulet.streaming.Pair;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes any record the engine keeps — keys, values, states, readings — as tagged binary: one byte naming
 * the type, then the value. Never Java serialization: the layout is ours, documented here, and readable by
 * later versions.
 *
 * <pre>
 *  tag  type                      body
 *   0   null                      —
 *   1   String                    modified UTF-8 (DataOutput.writeUTF): strings of at most 65,535 bytes
 *   2   Long                      8 bytes, big-endian
 *   3   Integer                   4 bytes
 *   4   Double                    8 bytes (IEEE 754)
 *   5   Boolean                   1 byte
 *   6   Pair                      key, value (each tagged)
 *   7   List                      int count, elements
 *   8   Optional                  present byte, then the value
 *   9   Map                       int count, key/value pairs (insertion order kept)
 *  10   Set                       int count, elements
 *  11   Reading (read only)       source, key (UTF), event time, arrival time (long), int fields,
 *                                 (name UTF, value double)…, int labels, (name UTF, value UTF)…
 *                                 (written before tag 16: it could hold neither an absent label nor a long key)
 *  12   mapWithState step         Map of key → stamped state (the step's mapped records are not kept:
 *                                 no later batch reads them); registered by this codec
 *  13   stamped state             state (tagged), updated-at (long); registered by this codec
 *  14   alert hysteresis mark     raised (boolean), streak (int); registered by alerts (Hysteresis.registerCodec)
 *  15   long String               int length in chars, then the chars in pieces of at most 21,845 chars,
 *                                 each writeUTF (modified UTF-8 keeps even a lone surrogate; a piece may
 *                                 end between the halves of a pair); written when tag 1 cannot hold it
 *  16   Reading                   as 11, but source, key, names and label values are each a tagged string
 *                                 (0 null — an absent label —, 1 or 15)
 *  17   bus ledger                ten longs (occupancy, readings, trip ends, corrections, corrected passengers,
 *                                 largest correction, fault share ppm, batch in, batch out, batch accepted), int
 *                                 rules, (rule UTF, long)…; registered by pipelines (BusLedger.registerCodec)
 *  18   bus summary row           batch time, occupancy, capacity, boardings, alightings, peak occupancy, standing
 *                                 (longs), level (UTF), percentage (long), int rules, (rule UTF, long)…,
 *                                 corrections, corrected passengers (longs); registered by pipelines (BusSummary)
 *  19   bus's last reading        batch time (long), trip id, route id, direction id, start date (UTF, "" when
 *                                 absent); registered by pipelines (LastReading)
 *  20   stop count                boardings, alightings (each a zigzag LEB128 varint, 1 – 10 bytes): a
 *                                 bus-occupancy pipeline's per-stop window;
 *                                 registered by pipelines (StopCount)
 *  21   string again              unsigned LEB128 varint: the index of a string (tag 1 or 15) already written in
 *                                 the same checkpoint blob, counted from 0 in the order written; only in blobs
 *                                 written by {@link #forOneBlob} (checkpoint format 4 and later)
 *  64+  registered by the user    as the registered codec writes it
 * </pre>
 *
 * Tags 12 to 14 and 17 to 20 are the state types of other parts of Rivulet, fixed in this table but registered
 * ({@link #registerBuiltIn}) by their owners, so this codec knows no alert rules.
 */
public final class RecordCodec implements Codec<Object> {

    /** Writes and reads one registered type. */
    public interface TypeCodec<T> {
        void write(T value, DataOutput out) throws IOException;

        T read(DataInput in) throws IOException;
    }

    /** Writes and reads one registered type whose values hold other records, written through {@code records}. */
    public interface NestedCodec<T> {
        void write(T value, RecordCodec records, DataOutput out) throws IOException;

        T read(RecordCodec records, DataInput in) throws IOException;
    }

    private record Registered<T>(int tag, Class<T> type, NestedCodec<T> codec) {
    }

    /** The first tag free for user types. */
    public static final int FIRST_USER_TAG = 64;
    /** The tags below {@link #FIRST_USER_TAG} that Rivulet's own state types register, as the table says. */
    private static final Set<Integer> BUILT_IN_REGISTERED_TAGS = Set.of(12, 13, 14, 17, 18, 19, 20);

    private final Map<Class<?>, Registered<?>> byType;
    private final Map<Integer, Registered<?>> byTag;
    private final Map<List<String>, ReadingSchema> schemas;
    /** Guards the three maps, which {@link #forOneBlob} codecs share. */
    private final Object lock;
    /** A blob's strings by the index tag 21 refers to them with, as written and as read; null outside a blob. */
    private final Map<String, Integer> stringsWritten;
    private final List<String> stringsRead;

    /** A codec for the built-in types and mapWithState's state; register the rest. */
    public RecordCodec() {
        this(new HashMap<>(), new HashMap<>(), new HashMap<>(), new Object(), false);
        registerBuiltIn(12, MapWithStateDStream.Step.class, new NestedCodec<>() {
            @Override
            public void write(MapWithStateDStream.Step value, RecordCodec records, DataOutput out) throws IOException {
                records.writeMap(value.states(), out);
            }

            @Override
            public MapWithStateDStream.Step read(RecordCodec records, DataInput in) throws IOException {
                return new MapWithStateDStream.Step<>(records.readMap(in), List.of());
            }
        });
        registerBuiltIn(13, MapWithStateDStream.Stamped.class, new NestedCodec<>() {
            @Override
            public void write(MapWithStateDStream.Stamped value, RecordCodec records, DataOutput out) throws IOException {
                records.write(value.state(), out);
                out.writeLong(value.updatedAt());
            }

            @Override
            public MapWithStateDStream.Stamped read(RecordCodec records, DataInput in) throws IOException {
                return new MapWithStateDStream.Stamped<>(records.read(in), in.readLong());
            }
        });
    }

    private RecordCodec(Map<Class<?>, Registered<?>> byType, Map<Integer, Registered<?>> byTag,
                        Map<List<String>, ReadingSchema> schemas, Object lock, boolean oneBlob) {
        this.byType = byType;
        this.byTag = byTag;
        this.schemas = schemas;
        this.lock = lock;
        this.stringsWritten = oneBlob ? new HashMap<>() : null;
        this.stringsRead = oneBlob ? new ArrayList<>() : null;
    }

    /**
     * This codec, with its registrations, for writing or reading one checkpoint blob: a string written again in the
     * blob is written as its index among the blob's strings (tag 21), so a stop or bus named in every remembered batch
     * costs its bytes once. Use one for each blob, for writing or for reading, never both.
     */
    public RecordCodec forOneBlob() {
        return new RecordCodec(byType, byTag, schemas, lock, true);
    }

    /**
     * Makes records of {@code type} (exactly that class) checkpointable.
     *
     * @throws IllegalArgumentException if the tag is below {@link #FIRST_USER_TAG} or taken
     */
    public <T> RecordCodec register(int tag, Class<T> type, TypeCodec<T> codec) {
        if (tag < FIRST_USER_TAG || tag > 255) {
            throw new IllegalArgumentException("codec tag " + tag + " for " + type.getName()
                    + " is reserved or too large: use " + FIRST_USER_TAG + " to 255");
        }
        return add(tag, type, new NestedCodec<>() {
            @Override
            public void write(T value, RecordCodec records, DataOutput out) throws IOException {
                codec.write(value, out);
            }

            @Override
            public T read(RecordCodec records, DataInput in) throws IOException {
                return codec.read(in);
            }
        });
    }

    /**
     * Registers one of Rivulet's own state types at its tag in the table above (12 to 14).
     *
     * @throws IllegalArgumentException if the tag is not one of those, or taken
     */
    public <T> RecordCodec registerBuiltIn(int tag, Class<T> type, NestedCodec<T> codec) {
        if (!BUILT_IN_REGISTERED_TAGS.contains(tag)) {
            throw new IllegalArgumentException("codec tag " + tag + " for " + type.getName() + " is not one of"
                    + " Rivulet's registered tags " + BUILT_IN_REGISTERED_TAGS + ": use register with "
                    + FIRST_USER_TAG + " to 255");
        }
        return add(tag, type, codec);
    }

    private <T> RecordCodec add(int tag, Class<T> type, NestedCodec<T> codec) {
        synchronized (lock) {
            if (byTag.containsKey(tag)) {
                throw new IllegalArgumentException("codec tag " + tag + " is taken by " + byTag.get(tag).type().getName());
            }
            Registered<T> entry = new Registered<>(tag, type, codec);
            byType.put(type, entry);
            byTag.put(tag, entry);
        }
        return this;
    }

    @Override
    public void write(Object value, DataOutput out) throws IOException {
        if (value == null) {
            out.writeByte(0);
        } else if (value instanceof String s) {
            writeString(s, out);
        } else if (value instanceof Long l) {
            out.writeByte(2);
            out.writeLong(l);
        } else if (value instanceof Integer i) {
            out.writeByte(3);
            out.writeInt(i);
        } else if (value instanceof Double d) {
            out.writeByte(4);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(5);
            out.writeBoolean(b);
        } else if (value instanceof Pair<?, ?> pair) {
            out.writeByte(6);
            write(pair.key(), out);
            write(pair.value(), out);
        } else if (value instanceof List<?> list) {
            out.writeByte(7);
            writeAll(list, out);
        } else if (value instanceof Optional<?> optional) {
            out.writeByte(8);
            out.writeBoolean(optional.isPresent());
            if (optional.isPresent()) {
                write(optional.get(), out);
            }
        } else if (value instanceof Map<?, ?> map) {
            out.writeByte(9);
            writeMap(map, out);
        } else if (value instanceof Set<?> set) {
            out.writeByte(10);
            writeAll(set, out);
        } else if (value instanceof Reading reading) {
            out.writeByte(16);
            writeReading(reading, out);
        } else {
            writeRegistered(value, out);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> void writeRegistered(T value, DataOutput out) throws IOException {
        Registered<T> entry;
        synchronized (lock) {
            entry = (Registered<T>) byType.get(value.getClass());
        }
        if (entry == null) {
            throw new IllegalArgumentException("cannot checkpoint a record of type " + value.getClass().getName()
                    + ": register a codec for it with RecordCodec.register(tag, type, codec)");
        }
        out.writeByte(entry.tag());
        entry.codec().write(value, this, out);
    }

    @Override
    public Object read(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> remember(in.readUTF());
            case 2 -> in.readLong();
            case 3 -> in.readInt();
            case 4 -> in.readDouble();
            case 5 -> in.readBoolean();
            case 6 -> Pair.of(read(in), read(in));
            case 7 -> readList(in);
            case 8 -> in.readBoolean() ? Optional.ofNullable(read(in)) : Optional.empty();
            case 9 -> readMap(in);
            case 10 -> new LinkedHashSet<>(readList(in));
            case 11 -> readReading(in, false);
            case 15 -> remember(readLongString(in));
            case 16 -> readReading(in, true);
            case STRING_AGAIN -> stringAgain(in);
            default -> readRegistered(tag, in);
        };
    }

    private Object readRegistered(int tag, DataInput in) throws IOException {
        Registered<?> entry;
        synchronized (lock) {
            entry = byTag.get(tag);
        }
        if (entry == null) {
            throw new IOException("unknown record tag " + tag + ": the checkpoint was written with a codec this"
                    + " program has not registered");
        }
        return entry.codec().read(this, in);
    }

    private void writeAll(java.util.Collection<?> values, DataOutput out) throws IOException {
        out.writeInt(values.size());
        for (Object element : values) {
            write(element, out);
        }
    }

    private List<Object> readList(DataInput in) throws IOException {
        int size = in.readInt();
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(read(in));
        }
        return list;
    }

    private void writeMap(Map<?, ?> map, DataOutput out) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            write(entry.getKey(), out);
            write(entry.getValue(), out);
        }
    }

    @SuppressWarnings("unchecked")
    private <K, V> Map<K, V> readMap(DataInput in) throws IOException {
        int size = in.readInt();
        Map<K, V> map = new LinkedHashMap<>(Math.max(16, size * 4 / 3 + 1));
        for (int i = 0; i < size; i++) {
            map.put((K) read(in), (V) read(in));
        }
        return map;
    }

    /** The tag of a string already written in the same blob. */
    private static final int STRING_AGAIN = 21;

    /**
     * Tag 1 when modified UTF-8 holds it in 65,535 bytes (nearly always), else tag 15; tag 0 for null; in a blob's
     * codec, tag 21 and its index for a string the blob already holds.
     */
    private void writeString(String s, DataOutput out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        if (stringsWritten != null) {
            Integer index = stringsWritten.putIfAbsent(s, stringsWritten.size());
            if (index != null) {
                out.writeByte(STRING_AGAIN);
                writeVarint(index, out);
                return;
            }
        }
        if (s.length() <= LONG_STRING_PIECE || modifiedUtf8Length(s) <= 65_535) {
            out.writeByte(1);
            out.writeUTF(s);
        } else {
            out.writeByte(15);
            out.writeInt(s.length());
            for (int start = 0; start < s.length(); start += LONG_STRING_PIECE) {
                out.writeUTF(s.substring(start, Math.min(s.length(), start + LONG_STRING_PIECE)));
            }
        }
    }

    /** 21,845 chars of at most 3 bytes each fit writeUTF's 65,535. */
    private static final int LONG_STRING_PIECE = 65_535 / 3;

    private static long modifiedUtf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c >= 1 && c <= 0x7f ? 1 : c <= 0x7ff ? 2 : 3;
        }
        return bytes;
    }

    private static String readLongString(DataInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            throw new IOException("a long string's length must be 0 or more, was " + length);
        }
        StringBuilder text = new StringBuilder(Math.min(length, 1 << 20));
        while (text.length() < length) {
            text.append(in.readUTF());
        }
        if (text.length() != length) {
            throw new IOException("a long string of " + length + " chars held " + text.length());
        }
        return text.toString();
    }

    /** A string tagged 0, 1, 15 or 21, as {@link #writeString} writes it. */
    private String readString(DataInput in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case 0 -> null;
            case 1 -> remember(in.readUTF());
            case 15 -> remember(readLongString(in));
            case STRING_AGAIN -> stringAgain(in);
            default -> throw new IOException("expected a string (tag 0, 1, 15 or 21) in a reading, found tag " + tag);
        };
    }

    /** A string read in a blob: tag 21 may refer to it later. */
    private String remember(String s) {
        if (stringsRead != null) {
            stringsRead.add(s);
        }
        return s;
    }

    private String stringAgain(DataInput in) throws IOException {
        long index = readVarint(in);
        if (stringsRead == null || index >= stringsRead.size()) {
            throw new IOException("tag 21 refers to string " + index + " of " + (stringsRead == null ? 0 : stringsRead.size())
                    + " read in this blob: the checkpoint is damaged, or was read outside its blob");
        }
        return stringsRead.get((int) index);
    }

    /**
     * {@code value} as an unsigned LEB128 varint: 7 bits a byte, low bits first, the high bit set on all but the last;
     * 1 byte below 128. For codecs of numbers that are nearly always small (tag 21's index, a stop's counts).
     */
    public static void writeVarint(long value, DataOutput out) throws IOException {
        long bits = value;
        while ((bits & ~0x7FL) != 0) {
            out.writeByte((int) ((bits & 0x7F) | 0x80));
            bits >>>= 7;
        }
        out.writeByte((int) bits);
    }

    /** A varint as {@link #writeVarint} writes it. */
    public static long readVarint(DataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("a varint longer than 10 bytes: the checkpoint is damaged");
    }

    private void writeReading(Reading reading, DataOutput out) throws IOException {
        writeString(reading.source(), out);
        writeString(reading.key(), out);
        out.writeLong(reading.eventTime());
        out.writeLong(reading.arrivalTime());
        ReadingSchema schema = reading.schema();
        out.writeInt(schema.fieldCount());
        for (int i = 0; i < schema.fieldCount(); i++) {
            writeString(schema.fieldName(i), out);
            out.writeDouble(reading.value(i));
        }
        out.writeInt(schema.labelCount());
        for (int i = 0; i < schema.labelCount(); i++) {
            String name = schema.labelName(i);
            writeString(name, out);
            writeString(reading.label(name), out);
        }
    }

    /** A reading of tag 16 ({@code tagged}: every string tagged) or of the older tag 11 (every string writeUTF). */
    private Reading readReading(DataInput in, boolean tagged) throws IOException {
        String source = tagged ? readString(in) : in.readUTF();
        String key = tagged ? readString(in) : in.readUTF();
        long eventTime = in.readLong();
        long arrivalTime = in.readLong();
        int fields = in.readInt();
        List<String> names = new ArrayList<>(fields);
        double[] values = new double[fields];
        for (int i = 0; i < fields; i++) {
            names.add(tagged ? readString(in) : in.readUTF());
            values[i] = in.readDouble();
        }
        int labelCount = in.readInt();
        List<String> labelNames = new ArrayList<>(labelCount);
        String[] labels = new String[labelCount];
        for (int i = 0; i < labelCount; i++) {
            labelNames.add(tagged ? readString(in) : in.readUTF());
            labels[i] = tagged ? readString(in) : in.readUTF();
        }
        List<String> schemaKey = new ArrayList<>(names);
        schemaKey.add("|");
        schemaKey.addAll(labelNames);
        ReadingSchema schema;
        synchronized (lock) {
            schema = schemas.computeIfAbsent(schemaKey, k -> ReadingSchema.of(names, labelNames));
        }
        return new Reading(source, key, eventTime, arrivalTime, schema, values, labels);
    }
}
