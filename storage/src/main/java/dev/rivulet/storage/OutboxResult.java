package dev.rivulet.storage;

/**
 * What queueing a group of outbox messages did.
 *
 * @param queued  messages added
 * @param skipped messages whose id was already queued, delivered or dropped
 * @param dropped oldest messages deleted to stay within {@link StoreConfig#outboxMaxMessages()}
 */
public record OutboxResult(int queued, int skipped, int dropped) {

    /** Nothing queued. */
    public static final OutboxResult NONE = new OutboxResult(0, 0, 0);

    /** This and {@code other} together: a group queued in several transactions. */
    public OutboxResult plus(OutboxResult other) {
        return new OutboxResult(queued + other.queued, skipped + other.skipped, dropped + other.dropped);
    }
}
