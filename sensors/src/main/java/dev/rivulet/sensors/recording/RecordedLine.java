package dev.rivulet.sensors.recording;

import java.util.Arrays;

/**
 * One recorded message where it was read, for a reader that goes through millions of them (a replay): the same
 * object is filled again by every {@link RecordingReader#nextLine} and its payload is not copied out of the
 * reader's buffers, so it is valid until the next call. {@link #toMessage()} makes a {@link RecordedMessage} to
 * keep.
 */
public final class RecordedLine {

    private long time;
    private String topic;
    private byte[] payloadData;
    private int payloadFrom;
    private int payloadTo;
    private long batch = RecordedMessage.NO_BATCH;
    private long sequence;

    void set(long time, String topic, byte[] payloadData, int payloadFrom, int payloadTo, long batch, long sequence) {
        this.time = time;
        this.topic = topic;
        this.payloadData = payloadData;
        this.payloadFrom = payloadFrom;
        this.payloadTo = payloadTo;
        this.batch = batch;
        this.sequence = sequence;
    }

    /** Fills this line from a message read before (its payload not copied). */
    public RecordedLine set(RecordedMessage message) {
        set(message.time(), message.topic(), message.payload(), 0, message.payload().length, message.batch(),
                message.sequence());
        return this;
    }

    /** Arrival time, milliseconds since the epoch. */
    public long time() {
        return time;
    }

    /** The topic it was published to. */
    public String topic() {
        return topic;
    }

    /** The array holding the payload at {@code [payloadFrom(), payloadTo())}; not to be changed or kept. */
    public byte[] payloadData() {
        return payloadData;
    }

    /** Where the payload starts in {@link #payloadData()}. */
    public int payloadFrom() {
        return payloadFrom;
    }

    /** Where the payload ends in {@link #payloadData()}. */
    public int payloadTo() {
        return payloadTo;
    }

    /** The payload's length in bytes. */
    public int payloadLength() {
        return payloadTo - payloadFrom;
    }

    /** As {@link RecordedMessage#batch()}. */
    public long batch() {
        return batch;
    }

    /** As {@link RecordedMessage#sequence()}. */
    public long sequence() {
        return sequence;
    }

    /** As {@link RecordedMessage#archived()}. */
    public boolean archived() {
        return batch != RecordedMessage.NO_BATCH;
    }

    /** The message with its payload copied: one to keep. */
    public RecordedMessage toMessage() {
        return new RecordedMessage(time, topic, Arrays.copyOfRange(payloadData, payloadFrom, payloadTo), batch, sequence);
    }
}
