package dev.rivulet.storage;

import java.util.List;

/**
 * Store-and-forward queue of messages for upstream. Messages are normally queued by
 * {@link Checkpoints#commit}; they leave only when the publish completed ({@link #markDelivered}) or when the
 * queue is full and they are the oldest (then they are counted, and that count is kept until reported).
 *
 * <p>The ids of delivered and dropped messages are remembered (the newest
 * {@link StoreConfig#retiredIdsRetained()} of them) so the same output regenerated after a restart is skipped.
 */
public interface Outbox {

    /** Queues messages outside a checkpoint (for instance a status message), in one transaction. */
    OutboxResult enqueue(List<OutboxMessage> messages);

    /** Up to {@code limit} queued messages, oldest first (so in order within every topic). */
    List<OutboxMessage> pending(int limit);

    /**
     * Removes a message after its publish completed and remembers its id.
     *
     * @return whether it was queued
     */
    boolean markDelivered(String messageId);

    /** How many messages are queued. */
    long depth();

    /** How many messages were dropped because the queue was full and not yet reported upstream. Survives restarts. */
    long droppedUnreported();

    /**
     * Counts {@code count} messages dropped before they reached the queue (held back in memory beyond their bound
     * while checkpoints failed), as the queue's own drops: in the total and in {@link #droppedUnreported()}.
     */
    void countDropped(long count);

    /** Records that {@code count} dropped messages were reported upstream, lowering {@link #droppedUnreported()}. */
    void acknowledgeDropped(long count);
}
