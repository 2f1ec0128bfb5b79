package dev.rivulet.streaming;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The one hand-over point between the threads that push records and the engine's thread.
 *
 * <p>Records are gathered into blocks per receiver; a full block, and at every batch boundary each
 * partial block followed by a boundary marker, join one FIFO. The engine takes items in order, so
 * every record reaches the batch during whose interval it was pushed, however late the engine runs.
 * One monitor guards everything: a pusher takes it once per record (uncontended, it costs a few
 * nanoseconds), the engine once per block.
 */
final class IngestQueue {

    /** What the engine's thread takes from the queue: a block of records, a batch boundary, or the stop. */
    sealed interface Item permits Block, Boundary, Stop {
    }

    /** A run of records from one receiver, in push order. */
    static final class Block implements Item {
        final ReceiverInputDStream<?> stream;
        final Object[] records;
        Runnable[] acks;
        /** Null while no record of the block has a tag. */
        Object[] tags;
        int size;

        Block(ReceiverInputDStream<?> stream, int capacity) {
            this.stream = stream;
            this.records = new Object[capacity];
        }

        boolean isFull() {
            return size == records.length;
        }
    }

    /** The end of a batch interval. */
    record Boundary(long batchTime, long dueNanos) implements Item {
    }

    /** Tells the engine's thread to finish. */
    record Stop() implements Item {
    }

    /** The one stop item. */
    static final Stop STOP = new Stop();

    private final ArrayDeque<Item> items = new ArrayDeque<>();
    private final List<ReceiverInputDStream<?>> receivers = new ArrayList<>();
    private final int maxPendingBatches;
    private int pendingBoundaries;
    private int waitingPushers;
    private boolean engineWaiting;
    private boolean closed;

    IngestQueue(int maxPendingBatches) {
        this.maxPendingBatches = maxPendingBatches;
    }

    synchronized void register(ReceiverInputDStream<?> stream) {
        for (ReceiverInputDStream<?> existing : receivers) {
            if (existing.name().equals(stream.name())) {
                throw new IllegalArgumentException("receiverStream: a receiver named '" + stream.name()
                        + "' exists already; give each input its own name (logs and checkpoints use it)");
            }
        }
        receivers.add(stream);
    }

    synchronized ReceiverInputDStream<?> receiver(String name) {
        for (ReceiverInputDStream<?> stream : receivers) {
            if (stream.name().equals(name)) {
                return stream;
            }
        }
        return null;
    }

    /** Adds a record to its receiver's open block; see {@link Receiver#push} and {@link Receiver#offer}. */
    synchronized boolean add(ReceiverInputDStream<?> stream, Object record, Object tag, Runnable ack, boolean wait)
            throws InterruptedException {
        ReceiverInputDStream.Buffer buffer = stream.buffer;
        if (buffer.buffered >= buffer.capacity && !closed) {
            if (!wait) {
                buffer.dropped++;
                return false;
            }
            buffer.blocked++;
            waitingPushers++;
            try {
                while (buffer.buffered >= buffer.capacity && !closed) {
                    wait();
                }
            } finally {
                waitingPushers--;
            }
        }
        if (closed) {
            return false;
        }
        Block block = buffer.open;
        block.records[block.size] = record;
        if (ack != null) {
            if (block.acks == null) {
                block.acks = new Runnable[block.records.length];
            }
            block.acks[block.size] = ack;
        }
        if (tag != null) {
            if (block.tags == null) {
                block.tags = new Object[block.records.length];
            }
            block.tags[block.size] = tag;
        }
        block.size++;
        buffer.buffered++;
        buffer.accepted++;
        if (block.isFull()) {
            items.add(block);
            buffer.open = new Block(stream, block.records.length);
            if (engineWaiting) {
                notifyAll();
            }
        }
        return true;
    }

    /** Queues {@code stream}'s partial block now, if it has records; see {@link Receiver#flush()}. */
    synchronized void flush(ReceiverInputDStream<?> stream) {
        ReceiverInputDStream.Buffer buffer = stream.buffer;
        if (buffer.open.size > 0 && !closed) {
            items.add(buffer.open);
            buffer.open = new Block(stream, buffer.open.records.length);
            if (engineWaiting) {
                notifyAll();
            }
        }
    }

    /**
     * Ends the interval of {@code batchTime}: every partial block, then the marker. Waits while
     * {@code maxPendingBatches} markers are already queued, so a stalled engine cannot grow the queue
     * without bound; batches are delayed then, never skipped.
     */
    synchronized void seal(long batchTime, long dueNanos) throws InterruptedException {
        while (pendingBoundaries >= maxPendingBatches && !closed) {
            wait();
        }
        for (ReceiverInputDStream<?> stream : receivers) {
            ReceiverInputDStream.Buffer buffer = stream.buffer;
            if (buffer.open.size > 0) {
                items.add(buffer.open);
                buffer.open = new Block(stream, buffer.open.records.length);
            }
        }
        items.add(new Boundary(batchTime, dueNanos));
        pendingBoundaries++;
        notifyAll();
    }

    /** The next item, waiting for one. */
    synchronized Item take() throws InterruptedException {
        while (items.isEmpty()) {
            engineWaiting = true;
            try {
                wait();
            } finally {
                engineWaiting = false;
            }
        }
        return taken(items.poll());
    }

    /** The next item, or null when there is none now. */
    synchronized Item poll() {
        Item item = items.poll();
        return item == null ? null : taken(item);
    }

    private Item taken(Item item) {
        if (item instanceof Block block) {
            block.stream.buffer.buffered -= block.size;
            if (waitingPushers > 0) {
                notifyAll();
            }
        } else if (item instanceof Boundary) {
            pendingBoundaries--;
            notifyAll();
        }
        return item;
    }

    /** Refuses every later push and wakes waiting pushers, who get {@code false}. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Queues {@link #STOP} behind what is queued (graceful) or in front of it (immediate). */
    synchronized void stop(boolean afterQueued) {
        closed = true;
        if (afterQueued) {
            items.addLast(STOP);
        } else {
            items.addFirst(STOP);
        }
        notifyAll();
    }

    synchronized ReceiverStats stats(ReceiverInputDStream<?> stream) {
        ReceiverInputDStream.Buffer buffer = stream.buffer;
        return new ReceiverStats(stream.name(), buffer.accepted, buffer.dropped, buffer.blocked,
                buffer.buffered, buffer.capacity);
    }

    synchronized int pendingBatches() {
        return pendingBoundaries;
    }
}
