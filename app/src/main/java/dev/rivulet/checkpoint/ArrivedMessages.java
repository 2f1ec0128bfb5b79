package dev.rivulet.checkpoint;

import dev.rivulet.sensors.recording.RecordedMessage;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The message a logged reading was decoded from, written after the record in its receiver-log entry when the
 * gateway keeps an input archive ({@code storage.archive}): what the archive is written from when the log is
 * pruned. Only the first reading of a message carries it; the others of that message name none.
 *
 * <pre>
 *  entry   := receiver (UTF) record (RecordCodec) [message]
 *  message := 'M' (1 byte) arrival time (long, epoch ms) topic length (int) topic (UTF-8) payload length (int) payload
 * </pre>
 * Recovery reads the receiver and the record and never looks past them, so entries with and without a message,
 * written by versions with and without an archive, read alike.
 */
public final class ArrivedMessages {

    private static final int MARK = 'M';

    private ArrivedMessages() {
    }

    /** Writes {@code message} after a record. */
    static void write(RecordedMessage message, DataOutput out) throws IOException {
        byte[] topic = message.topic().getBytes(StandardCharsets.UTF_8);
        out.writeByte(MARK);
        out.writeLong(message.time());
        out.writeInt(topic.length);
        out.write(topic);
        out.writeInt(message.payload().length);
        out.write(message.payload());
    }

    /**
     * The message after an entry's record, with {@code batch} and {@code sequence}; null when the entry has none.
     *
     * @param in an entry's bytes, read past its record
     * @throws IOException when bytes follow the record but are not a message
     */
    public static RecordedMessage read(DataInput in, long batch, long sequence) throws IOException {
        int mark;
        try {
            mark = in.readUnsignedByte();
        } catch (EOFException end) {
            return null;
        }
        if (mark != MARK) {
            throw new IOException("a receiver-log entry holds byte " + mark + " after its record, not a message ('M')");
        }
        long time = in.readLong();
        byte[] topic = new byte[in.readInt()];
        in.readFully(topic);
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return new RecordedMessage(time, new String(topic, StandardCharsets.UTF_8), payload, batch, sequence);
    }
}
