package dev.rivulet.storage;

/** The store could not do what was asked; the message says what and why. Nothing half-written is left behind. */
public class StoreException extends RuntimeException {

    /** An exception with a message and the underlying cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with a message only. */
    public StoreException(String message) {
        super(message);
    }
}
