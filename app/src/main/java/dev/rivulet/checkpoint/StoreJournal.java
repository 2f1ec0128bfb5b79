package dev.rivulet.checkpoint;

import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.ReceiverLog;
import dev.rivulet.streaming.ReceivedDataLog;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's write-ahead log on the store's receiver log: one transaction per block. Each logged record
 * is {@code receiver name (UTF)} followed by the record ({@link RecordCodec}).
 */
public final class StoreJournal implements ReceivedDataLog {

    private final ReceiverLog log;
    private final RecordCodec codec;
    private volatile long lastSequence;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicLong failures = new java.util.concurrent.atomic.AtomicLong();

    public StoreJournal(ReceiverLog log, RecordCodec codec) {
        this.log = log;
        this.codec = codec;
        this.lastSequence = log.lastSequence();
    }

    @Override
    public void append(String receiver, long batchTime, List<Object> records) {
        List<LogRecord> block = new ArrayList<>(records.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(96);
        DataOutputStream out = new DataOutputStream(buffer);
        try {
            for (Object record : records) {
                buffer.reset();
                out.writeUTF(receiver);
                codec.write(record, out);
                out.flush();
                block.add(new LogRecord(batchTime, buffer.toByteArray()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            lastSequence = log.append(block);
            failing = false;
        } catch (RuntimeException e) {
            failing = true;
            failures.incrementAndGet();
            throw e;
        }
    }

    /** Appends that failed since start. */
    public long failures() {
        return failures.get();
    }

    /** Whether the last append failed (a full disk): received records are then not durable until it works again. */
    public boolean isFailing() {
        return failing;
    }

    /** The sequence number of the last record logged: what a checkpoint taken now covers. */
    public long lastSequence() {
        return lastSequence;
    }
}
