package dev.rivulet.storage;

/**
 * SQLite's {@code PRAGMA synchronous} in WAL mode.
 */
public enum SyncMode {
    /**
     * Every commit is flushed to the device before it returns: a power cut loses nothing that was committed.
     * Required for the receiver log, whose commit releases MQTT acknowledgements.
     */
    FULL,
    /**
     * Commits are flushed only at WAL checkpoints: a power cut keeps the file consistent but may roll back the
     * last commits. Faster; loses acknowledged readings on a power cut.
     */
    NORMAL,
    /** No flushing at all; for benchmarks and tests only. */
    OFF
}
