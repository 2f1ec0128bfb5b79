package dev.rivulet.checkpoint;

import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Whether the database takes writes: the write-ahead log ({@link StoreJournal}) and the checkpoints
 * ({@link Checkpointer}) report every write here, and everything that asks — health, the storage-full alert,
 * tests — reads it here. A full disk fails both; the engine goes on in memory meanwhile. Each outage and its end
 * are logged once here, not once per failed write.
 */
public final class StorageHealth {

    private volatile boolean journalFailing;
    private volatile boolean checkpointFailing;
    private final AtomicLong journalFailures = new AtomicLong();
    private final AtomicLong checkpointFailures = new AtomicLong();

    void journalFailed(RuntimeException e) {
        journalFailures.incrementAndGet();
        if (!journalFailing) {
            journalFailing = true;
            Logger.error(e, "cannot log received records ({}); processing goes on in memory and records"
                    + " are acknowledged after their batch instead", e.getMessage());
        }
    }

    void journalWritten() {
        if (journalFailing) {
            journalFailing = false;
            Logger.info("the received-data log works again; acknowledging records as they are logged");
        }
    }

    void checkpointFailed(long batchTime, RuntimeException e) {
        checkpointFailures.incrementAndGet();
        if (!checkpointFailing) {
            checkpointFailing = true;
            Logger.error(e, "cannot checkpoint batch {} ms ({}); processing goes on in memory and checkpoints"
                    + " are retried every batch", batchTime, e.getMessage());
        }
    }

    void checkpointWritten(long batchTime) {
        if (checkpointFailing) {
            checkpointFailing = false;
            Logger.info("checkpoints are written again from batch {} ms", batchTime);
        }
    }

    /** Whether the write-ahead log or checkpoints cannot be written now (a full disk). */
    public boolean isFailing() {
        return journalFailing || checkpointFailing;
    }

    /** Whether the last append to the write-ahead log failed: received records are not durable until one works. */
    public boolean journalFailing() {
        return journalFailing;
    }

    /** Whether the last checkpoint attempt failed. */
    public boolean checkpointFailing() {
        return checkpointFailing;
    }

    /** Appends to the write-ahead log that failed since start. */
    public long journalFailures() {
        return journalFailures.get();
    }

    /** Checkpoint commits that failed since start. */
    public long checkpointFailures() {
        return checkpointFailures.get();
    }

    /** Writes of either kind that failed since start. */
    public long failures() {
        return journalFailures() + checkpointFailures();
    }
}
