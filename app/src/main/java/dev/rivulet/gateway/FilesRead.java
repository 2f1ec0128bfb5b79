package dev.rivulet.gateway;

import dev.rivulet.sensors.FilePosition;
import dev.rivulet.sensors.directory.ReadFiles;
import dev.rivulet.storage.BlockMarks;
import dev.rivulet.storage.FileMark;
import dev.rivulet.storage.ReceiverLog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a source that reads files read of them in earlier runs, from the {@link FileMark}s the journal kept with the
 * readings, and the store behind what the source says besides. A source with no mark has never started: its files
 * present now are not read (Spark's textFileStream), and its first start is marked with them, so that from its next
 * start on, files that came while the gateway was stopped are read.
 */
final class FilesRead implements ReadFiles.Marks {

    /** The name a source's first start is kept under among its file marks: no file has it. */
    private static final String FIRST_STARTED = "";

    private final ReceiverLog log;
    private final String source;

    private FilesRead(ReceiverLog log, String source) {
        this.log = log;
        this.source = source;
    }

    /** What {@code source} read before, as {@code log} kept it. */
    static ReadFiles of(ReceiverLog log, String source) {
        Map<String, FilePosition> positions = new HashMap<>();
        boolean started = false;
        for (FileMark mark : log.fileMarks()) {
            if (mark.source().equals(source)) {
                started = true;
                if (!mark.file().equals(FIRST_STARTED)) {
                    positions.put(mark.file(), new FilePosition(mark.file(), mark.modified(), mark.line(), mark.reading(),
                            mark.complete()));
                }
            }
        }
        return new ReadFiles(started, positions, new FilesRead(log, source));
    }

    @Override
    public void firstStart(List<FilePosition> present) {
        List<FileMark> marks = new ArrayList<>(List.of(new FileMark(source, FIRST_STARTED, 0, 0, 0, true)));
        present.forEach(at -> marks.add(new FileMark(source, at.file(), at.modified(), at.line(), at.reading(), true)));
        log.append(List.of(), new BlockMarks(List.of(), List.of(), marks));
    }

    @Override
    public void forget(String file) {
        log.forgetFile(source, file);
    }
}
