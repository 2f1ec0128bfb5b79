package dev.rivulet.sensors.directory;

import dev.rivulet.sensors.FilePosition;
import java.util.List;
import java.util.Map;

/**
 * What a directory source read in earlier runs, as its consumer kept it with the readings ({@link FilePosition}s
 * logged with them), and where the source says that a file is gone.
 *
 * @param resuming  whether the gateway ran before and kept state: files present at start are then read (a file not
 *                  read before whole, one read partly from its next reading), as Spark's {@code textFileStream}
 *                  recovering from its checkpoint; on a first start they are not
 * @param positions how far each file was read, by name
 * @param marks     where the source says what the consumer keeps beside the readings' positions
 */
public record ReadFiles(boolean resuming, Map<String, FilePosition> positions, Marks marks) {

    /** What the source tells the keeper of its positions, besides the positions its readings carry. */
    public interface Marks {
        /** Keeps nothing. */
        Marks NONE = new Marks() {
            @Override
            public void firstStart(List<FilePosition> present) {
            }

            @Override
            public void forget(String file) {
            }
        };

        /**
         * The source's first start, with the files present at it, which it does not read: from the next start on,
         * files present at start came while the gateway was stopped, and are read, but these.
         */
        void firstStart(List<FilePosition> present);

        /** A file the source no longer sees (moved away or deleted): its position is dropped. */
        void forget(String file);
    }

    /** A first start kept nowhere: nothing read before, files present at start not read. */
    public static final ReadFiles FIRST_START = new ReadFiles(false, Map.of(), Marks.NONE);

    /** Copies the positions. */
    public ReadFiles {
        positions = Map.copyOf(positions);
    }
}
