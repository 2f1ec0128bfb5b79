package dev.rivulet.storage;

/**
 * The database file turned out to be corrupted while running. The process should close the store and open it
 * again: opening checks the file and moves a corrupted one aside.
 */
public class StoreCorruptException extends StoreException {

    /** A corruption failure with the underlying cause. */
    public StoreCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
