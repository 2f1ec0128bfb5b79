package dev.rivulet.storage;

/**
 * The disk (or the configured size limit) is full: the write was rolled back as a whole.
 *
 * <p>The caller is expected to stop checkpointing, keep processing in memory, raise an alert and try again later;
 * reads keep working, and deleting (delivering outbox messages, pruning) frees room.
 */
public class StoreFullException extends StoreException {

    /** A full-disk failure with the underlying cause. */
    public StoreFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
