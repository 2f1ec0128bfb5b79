package dev.rivulet.baseline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * A baseline file as the gateway uses it: read at start and read again when it changes. Whoever uses it calls
 * {@link #at(long)} with the engine's batch time; at each new batch time the file's modification time, size and
 * identity are looked at (one {@code stat}, no thread of its own), and a file that changed is read again. A file
 * that is missing, broken or built for other settings is said once per change at WARN, and the baseline read
 * before stays in use: a bad copy never takes the alert away, nor stops the gateway.
 */
public final class BaselineWatch {

    /** What a baseline must match to be used: the settings of the rule that reads it. */
    public interface Expectation {
        /** Why {@code baseline} does not fit; null when it does. */
        String problemWith(Baseline baseline);
    }

    /** What identifies one version of the file: a file replaced by a rename has another key even within a second. */
    private record Stamp(Object fileKey, long modified, long size) {
    }

    private static final Stamp MISSING = new Stamp(null, -1, -1);

    private final Path file;
    private final String owner;
    private final Expectation expectation;
    private final Consumer<String> warnings;
    private Baseline current;
    private Stamp seen;
    private long lastLook = Long.MIN_VALUE;
    private String problem;

    /**
     * Reads the file now.
     *
     * @param owner       who reads it, for the warnings (e.g. {@code alerts.busy})
     * @param expectation what a baseline must match
     */
    public BaselineWatch(Path file, String owner, Expectation expectation) {
        this(file, owner, expectation, message -> Logger.warn(message));
    }

    /** As the other constructor, warnings going to {@code warnings} instead of the log. */
    public BaselineWatch(Path file, String owner, Expectation expectation, Consumer<String> warnings) {
        this.file = file;
        this.owner = owner;
        this.expectation = expectation;
        this.warnings = warnings;
        look();
    }

    /**
     * The baseline in use at batch time {@code batchTime}: the file is looked at again when the batch time changed
     * since the last call. Null when no usable baseline was ever read.
     */
    public Baseline at(long batchTime) {
        if (batchTime != lastLook) {
            lastLook = batchTime;
            look();
        }
        return current;
    }

    /** The baseline in use, without looking at the file; null when none was read. */
    public Baseline current() {
        return current;
    }

    /** What is wrong with the file as last looked at; null when the baseline in use is the file's. */
    public String problem() {
        return problem;
    }

    private void look() {
        Stamp stamp = stamp();
        if (stamp.equals(seen)) {
            return;
        }
        seen = stamp;
        try {
            Baseline read = BaselineFile.read(file);
            String mismatch = expectation.problemWith(read);
            if (mismatch != null) {
                throw new BaselineFileException(file + " was built for other settings: " + mismatch
                        + "; build it again with rivulet replay --baseline-out, or change the rule");
            }
            boolean first = current == null;
            current = read;
            problem = null;
            Logger.info("{}: {} the baseline {} ({} of {}, {} keys, {} to {})", owner,
                    first ? "read" : "read again", file, read.signal(), read.by(), read.usual().size(),
                    Instant.ofEpochMilli(read.from()), Instant.ofEpochMilli(read.to()));
        } catch (BaselineFileException e) {
            problem = e.getMessage();
            warnings.accept(owner + ": " + e.getMessage() + (current == null
                    ? "; until there is one the rule raises nothing"
                    : "; the baseline read before stays in use"));
        }
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(Objects.requireNonNullElse(attributes.fileKey(), ""), attributes.lastModifiedTime().toMillis(),
                    attributes.size());
        } catch (NoSuchFileException e) {
            return MISSING;
        } catch (IOException e) {
            // Not readable: a stamp of its own, so the reading that follows says why, once.
            return new Stamp(e.toString(), -2, -2);
        }
    }
}
