package dev.rivulet.streaming;

import java.util.List;

/**
 * An input stream fed by a {@link Receiver}: whatever sources push between two boundaries is one batch.
 */
public final class ReceiverInputDStream<T> extends InputDStream<T> {

    /** Per-receiver state; guarded by the {@link IngestQueue}'s monitor. */
    static final class Buffer {
        final int capacity;
        IngestQueue.Block open;
        int buffered;
        long accepted;
        long dropped;
        long blocked;

        Buffer(int capacity) {
            this.capacity = capacity;
        }
    }

    private final String name;
    final Buffer buffer;
    private final Receiver<T> receiver = new Receiver<>() {
        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean push(T record) throws InterruptedException {
            return ingest().add(ReceiverInputDStream.this, record, null, null, true);
        }

        @Override
        public boolean push(T record, Runnable onDurable) throws InterruptedException {
            return ingest().add(ReceiverInputDStream.this, record, null, onDurable, true);
        }

        @Override
        public boolean push(T record, Object tag, Runnable onDurable) throws InterruptedException {
            return ingest().add(ReceiverInputDStream.this, record, tag, onDurable, true);
        }

        @Override
        public boolean offer(T record) {
            try {
                return ingest().add(ReceiverInputDStream.this, record, null, null, false);
            } catch (InterruptedException e) {
                throw new AssertionError("offer never waits", e);
            }
        }

        @Override
        public void flush() {
            ingest().flush(ReceiverInputDStream.this);
        }

        @Override
        public ReceiverStats stats() {
            return ingest().stats(ReceiverInputDStream.this);
        }
    };

    ReceiverInputDStream(StreamingContext context, String name, int capacity) {
        super(context, "receiverStream(" + name + ")");
        if (capacity < 1) {
            throw new IllegalArgumentException("receiverStream(" + name + "): capacity must be at least 1, was "
                    + capacity);
        }
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.buffer = new Buffer(capacity);
        // Blocks hand over at half the capacity at most, so a small buffer never waits for a boundary.
        this.buffer.open = new IngestQueue.Block(this, Math.max(1, Math.min(1024, capacity / 2)));
        context.ingest().register(this);
    }

    /** Where sources push records. */
    public Receiver<T> receiver() {
        return receiver;
    }

    /** The receiver's name. */
    public String name() {
        return name;
    }

    private IngestQueue ingest() {
        return context().ingest();
    }

    /** Recovery: pushes logged records into the open batch. */
    @SuppressWarnings("unchecked")
    void replay(List<Object> records) {
        for (Object record : records) {
            emit((T) record);
        }
    }

    /** Engine thread: pushes a block's records into the open batch, but those in {@code skip}. */
    @SuppressWarnings("unchecked")
    void deliver(IngestQueue.Block block, java.util.BitSet skip) {
        Object[] records = block.records;
        for (int i = 0; i < block.size; i++) {
            if (!skip.get(i)) {
                emit((T) records[i]);
            }
        }
    }
}
