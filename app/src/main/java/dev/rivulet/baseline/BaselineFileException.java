package dev.rivulet.baseline;

/** A baseline file that cannot be read or used, with what to do about it. */
public final class BaselineFileException extends Exception {

    public BaselineFileException(String message) {
        super(message);
    }

    public BaselineFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
