package dev.rivulet.sensors;

import java.util.Objects;

/**
 * Where in a file a reading was read (a {@code directory} source): what lets the consumer keep, with the reading
 * once durable, how far the file was read, so that the source goes on after a restart from the next reading.
 *
 * @param file     the file's name in the source's folder
 * @param modified its last-modified time (epoch millis): a file of the same name and another time is another file
 * @param line     the reading's line, from 1
 * @param reading  which reading of that line, from 0 (a line may hold several)
 * @param complete whether it is the file's last reading
 */
public record FilePosition(String file, long modified, long line, int reading, boolean complete) {

    /** Checks that the file is named. */
    public FilePosition {
        Objects.requireNonNull(file, "file");
    }

    /** Whether a reading at {@code line} and {@code index} of the same file comes after this position. */
    public boolean isBefore(long line, int index) {
        return line > this.line || line == this.line && index > reading;
    }
}
