package dev.rivulet.sensors.recording;

/**
 * A line of a recording that is not a recorded message: where it is and what is wrong with it. The reader goes on
 * with the next line.
 */
public final class RecordingException extends Exception {

    private final long line;

    RecordingException(String name, long line, String problem) {
        super(name + ", line " + line + ": " + problem);
        this.line = line;
    }

    /** The line, counted from 1. */
    public long line() {
        return line;
    }
}
