package dev.rivulet.streaming;

/** A user function failed in fail-fast mode, or the engine itself could not go on. */
public class StreamingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message and the cause that stopped the engine. */
    public StreamingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception with a message only. */
    public StreamingException(String message) {
        super(message);
    }
}
