package dev.rivulet.checkpoint;

import dev.rivulet.storage.StoreFullException;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Whether the database takes writes: the write-ahead log ({@link StoreJournal}) and the checkpoints
 * ({@link Checkpointer}) report every write here, and everything that asks — health, the storage-full alert,
 * tests — reads it here. A full disk fails both; the engine goes on in memory meanwhile.
 *
 * <p>A full disk is an expected condition, not a bug: it is said as one warning line when it starts, and one line
 * when it ends, once {@value #EPISODE_ENDS_AFTER} checkpoints in a row were written with every write between them
 * working, so a disk that takes one write and refuses the next does not fill the log. Any other failure is
 * unexpected and logged as an error with its stack trace, once per outage of the log or of checkpoints.
 *
 * <p>It is also the gate the sources push through ({@link #awaitIntake()}): while the receiver log has reached a
 * bound ({@link dev.rivulet.storage.LogBounds}) because no checkpoint prunes it, pushes wait, so readings are
 * not acknowledged and their brokers keep them. The log deletes nothing it was given; this is how it stays bounded.
 */
public final class StorageHealth {

    /** Checkpoints in a row, with no write refused between them, that end a full-disk episode. */
    static final int EPISODE_ENDS_AFTER = 3;

    private volatile boolean journalFailing;
    private volatile boolean checkpointFailing;
    private final AtomicLong journalFailures = new AtomicLong();
    private final AtomicLong checkpointFailures = new AtomicLong();
    private boolean full;
    private long refusedWhileFull;
    private int checkpointsSinceRefused;
    private final Object intake = new Object();
    /** Guarded by {@link #intake}; null while the log is within its bounds. */
    private String logBound;
    private boolean intakeReleased;

    /**
     * What the receiver log says of its bounds after a write or a prune ({@code ReceiverLog.boundReached()}):
     * a bound reached closes intake, null opens it again. Each change is logged once.
     */
    void logBound(String bound) {
        synchronized (intake) {
            if (bound != null && logBound == null) {
                Logger.warn("taking no new readings: {}; sources are not acknowledged, so their brokers keep the"
                        + " readings, until checkpoints prune the log{}", bound, checkpointFailing
                        ? " (checkpoints fail: see the error logged before)" : "");
            } else if (bound == null && logBound != null) {
                Logger.info("the receiver log is within its bounds again: taking readings");
            }
            logBound = bound;
            intake.notifyAll();
        }
    }

    /** The receiver log's bound reached, why intake is closed; null while it is open. */
    public String logBoundReached() {
        synchronized (intake) {
            return logBound;
        }
    }

    /**
     * Waits while the receiver log has reached a bound: that wait is the sources' backpressure.
     *
     * @return true when a reading may be taken; false when intake was released for shutdown with the bound still
     *     reached, and the reading must be left unacknowledged
     */
    public boolean awaitIntake() throws InterruptedException {
        synchronized (intake) {
            while (logBound != null && !intakeReleased) {
                intake.wait();
            }
            return logBound == null;
        }
    }

    /** Wakes every push waiting in {@link #awaitIntake()} for good: the gateway is stopping. */
    public void releaseIntake() {
        synchronized (intake) {
            intakeReleased = true;
            intake.notifyAll();
        }
    }

    void journalFailed(RuntimeException e) {
        journalFailures.incrementAndGet();
        boolean first = !journalFailing;
        journalFailing = true;
        failed(e, first, "cannot log received records", "records are acknowledged after their batch instead");
    }

    void journalWritten() {
        if (journalFailing) {
            journalFailing = false;
            if (!isFull()) {
                Logger.info("the received-data log works again; acknowledging records as they are logged");
            }
        }
    }

    void checkpointFailed(long batchTime, RuntimeException e) {
        checkpointFailures.incrementAndGet();
        boolean first = !checkpointFailing;
        checkpointFailing = true;
        failed(e, first, "cannot checkpoint batch " + batchTime + " ms", "checkpoints are retried every batch");
    }

    /**
     * A checkpoint committed. It also ends a failing write-ahead log: the records whose append failed were in
     * this batch or an earlier one, so the checkpoint covers them, and the database took a write. Else a log
     * that failed while the disk was full would be said to fail until the next reading arrives.
     */
    void checkpointWritten(long batchTime) {
        journalWritten();
        if (checkpointFailing) {
            checkpointFailing = false;
            if (!isFull()) {
                Logger.info("checkpoints are written again from batch {} ms", batchTime);
            }
        }
        fullMayEnd(batchTime);
    }

    private synchronized void failed(RuntimeException e, boolean firstOfItsKind, String what, String meanwhile) {
        if (e instanceof StoreFullException) {
            checkpointsSinceRefused = 0;
            refusedWhileFull++;
            if (!full) {
                full = true;
                Logger.warn("storage full: {} ({}); processing goes on in memory, {}; a line follows when writes work"
                        + " again", what, e.getMessage(), meanwhile);
            } else {
                Logger.debug("storage still full: {} ({})", what, e.getMessage());
            }
        } else if (firstOfItsKind) {
            Logger.error(e, "{} ({}); processing goes on in memory and {}", what, e.getMessage(), meanwhile);
        }
    }

    private synchronized void fullMayEnd(long batchTime) {
        if (full && !journalFailing && ++checkpointsSinceRefused >= EPISODE_ENDS_AFTER) {
            full = false;
            Logger.info("storage takes writes again: {} writes were refused while the disk was full; checkpoints"
                    + " are written again (batch {} ms) and received records are logged before they are"
                    + " acknowledged", refusedWhileFull, batchTime);
            refusedWhileFull = 0;
        }
    }

    private synchronized boolean isFull() {
        return full;
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
