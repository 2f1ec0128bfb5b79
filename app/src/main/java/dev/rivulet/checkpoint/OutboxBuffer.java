package dev.rivulet.checkpoint;

import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.StoreConfig;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Messages outputs produced since the last checkpoint. They reach the store's outbox in the checkpoint's
 * transaction, so an alert exists on disk exactly when the state that raised it does.
 *
 * <p>While checkpoints fail (a full disk) the messages wait here, in memory, and a summary comes every period
 * whether or not readings do; so the buffer is bounded like the outbox it feeds: beyond
 * {@code storage.outbox-max-messages}, or beyond its share of the heap, the oldest are dropped, as the outbox
 * itself would drop them at the next commit. Dropped messages are counted ({@link #takeDropped()}) and the
 * checkpointer hands the count to the store's outbox, which reports it upstream like its own drops. One warning
 * per episode says so; the episode ends with the next checkpoint that commits.
 */
public final class OutboxBuffer {

    /** The share of the heap held-back messages may take: the rest is the engine's. */
    static final int HEAP_SHARE_DIVISOR = 8;

    private final int maxMessages;
    private final long maxBytes;
    private final ArrayDeque<OutboxMessage> pending = new ArrayDeque<>();
    private long bytes;
    private long dropped;
    private boolean dropping;

    /** A buffer bounded by the default outbox size and an eighth of the heap. */
    public OutboxBuffer() {
        this(StoreConfig.defaults(Path.of(".")).outboxMaxMessages());
    }

    /** A buffer as large as an outbox of {@code outboxMaxMessages}, and an eighth of the heap. */
    public OutboxBuffer(int outboxMaxMessages) {
        this(outboxMaxMessages, Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
    }

    /**
     * @param maxMessages messages held at most ({@code storage.outbox-max-messages})
     * @param maxBytes    payload bytes held at most; the newest message is always kept
     */
    public OutboxBuffer(int maxMessages, long maxBytes) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("an outbox buffer holds at least one message and one byte, was "
                    + maxMessages + " messages and " + maxBytes + " bytes");
        }
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    /** Called by outputs while a batch runs. */
    public synchronized void add(OutboxMessage message) {
        pending.addLast(message);
        bytes += message.payload().length;
        trim();
    }

    /** Takes every message: the checkpointer, for its commit, or a replay, which writes them out. */
    public synchronized List<OutboxMessage> drain() {
        List<OutboxMessage> messages = new ArrayList<>(pending);
        pending.clear();
        bytes = 0;
        return messages;
    }

    /** Puts back messages whose commit failed, ahead of newer ones; beyond the bounds the oldest go. */
    synchronized void restore(List<OutboxMessage> messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            OutboxMessage message = messages.get(i);
            pending.addFirst(message);
            bytes += message.payload().length;
        }
        trim();
    }

    private void trim() {
        int before = pending.size();
        while (pending.size() > 1 && (pending.size() > maxMessages || bytes > maxBytes)) {
            bytes -= pending.removeFirst().payload().length;
        }
        int gone = before - pending.size();
        if (gone == 0) {
            return;
        }
        dropped += gone;
        if (!dropping) {
            dropping = true;
            Logger.warn("outbox messages held back while checkpoints fail reached their bound ({} messages or {} kB):"
                    + " dropping the oldest; they are counted in rivulet_outbox_dropped_total and reported upstream",
                    maxMessages, maxBytes / 1024);
        }
    }

    /**
     * The messages dropped since the last call, now counted by the caller; the warning episode ends, since the
     * caller calls this after a checkpoint committed.
     */
    synchronized long takeDropped() {
        long taken = dropped;
        dropped = 0;
        dropping = false;
        return taken;
    }

    /** Gives back a count {@link #takeDropped()} returned that could not be recorded. */
    synchronized void untakeDropped(long count) {
        dropped += count;
    }

    /** How many messages wait for the next checkpoint. */
    public synchronized int size() {
        return pending.size();
    }

    /** The payload bytes of the messages that wait. */
    public synchronized long bytes() {
        return bytes;
    }
}
