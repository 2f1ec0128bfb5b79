package dev.rivulet.storage;

import java.util.Objects;

/**
 * How far a source that reads files (a {@code directory} source) has read one of them, as of a logged block: kept with
 * the {@link ReceiverLog}, written in the transaction of the block holding the reading it names, so that a restart
 * goes on from the next reading and never takes one twice. The store keeps one mark per source and file, the newest.
 *
 * @param source   the source's name
 * @param file     the file's name in the source's folder
 * @param modified its last-modified time (epoch millis) when it was read: a file of the same name and another time is
 *                 another file
 * @param line     the line (from 1) of the last reading logged
 * @param reading  which reading of that line (from 0) it was: a line may hold several
 * @param complete whether the file was read to its end with that reading
 */
public record FileMark(String source, String file, long modified, long line, int reading, boolean complete) {

    /** Checks that source and file are named. */
    public FileMark {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(file, "file");
    }
}
