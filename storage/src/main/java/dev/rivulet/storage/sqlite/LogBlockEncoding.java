package dev.rivulet.storage.sqlite;

import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.LoggedRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one receiver-log block, stored as a single blob so a block costs one row, not one row per record
 * (a row per record costs about 15 bytes of headers on 40–60 byte readings, and a JDBC round trip each).
 *
 * <pre>
 * block   := run+                       records in sequence order
 * run     := batch_time count record{count}   consecutive records sharing a batch time
 * batch_time := 8 bytes, big-endian signed
 * count   := 4 bytes, big-endian, at least 1
 * record  := length payload
 * length  := unsigned LEB128 varint (7 bits a byte, low bits first, high bit set on all but the last byte)
 * </pre>
 * Sequence numbers are not stored per record: record {@code i} of the block has {@code first_seq + i}.
 */
final class LogBlockEncoding {

    private LogBlockEncoding() {
    }

    static byte[] encode(List<LogRecord> block) {
        int size = 0;
        for (LogRecord record : block) {
            size += 8 + 4 + 5 + record.payload().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        int index = 0;
        while (index < block.size()) {
            long batchTime = block.get(index).batchTime();
            int end = index;
            while (end < block.size() && block.get(end).batchTime() == batchTime) {
                end++;
            }
            out.putLong(batchTime).putInt(end - index);
            for (LogRecord record : block.subList(index, end)) {
                putVarint(out, record.payload().length);
                out.put(record.payload());
            }
            index = end;
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    /**
     * The records of a block whose first record has {@code firstSequence}, keeping those after
     * {@code afterSequence}.
     *
     * @throws IllegalArgumentException when the bytes do not hold {@code expectedRecords} well-formed records
     */
    static List<LoggedRecord> decode(byte[] bytes, long firstSequence, int expectedRecords, long afterSequence) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<LoggedRecord> records = new ArrayList<>();
        long sequence = firstSequence;
        try {
            while (in.hasRemaining()) {
                long batchTime = in.getLong();
                int count = in.getInt();
                if (count < 1) {
                    throw new IllegalArgumentException("a run must hold at least one record, has " + count);
                }
                for (int i = 0; i < count; i++, sequence++) {
                    byte[] payload = new byte[getVarint(in)];
                    in.get(payload);
                    if (sequence > afterSequence) {
                        records.add(new LoggedRecord(sequence, batchTime, payload));
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed log block at byte " + in.position() + ": " + e, e);
        }
        if (sequence - firstSequence != expectedRecords) {
            throw new IllegalArgumentException("the block holds " + (sequence - firstSequence) + " records, not "
                    + expectedRecords);
        }
        return records;
    }

    private static void putVarint(ByteBuffer out, int value) {
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            out.put((byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.put((byte) rest);
    }

    private static int getVarint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int next = in.get() & 0xFF;
            value |= (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                if (value < 0) {
                    throw new IllegalArgumentException("record length out of range");
                }
                return value;
            }
        }
        throw new IllegalArgumentException("record length varint longer than 5 bytes");
    }
}
