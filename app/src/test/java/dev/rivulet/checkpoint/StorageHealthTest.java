package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.StoreFullException;
import org.junit.jupiter.api.Test;

/** What the storage health says after writes failed and worked again. */
class StorageHealthTest {

    /**
     * A full disk refused an append to the write-ahead log, then space returned but no reading came (a quiet
     * night): checkpoints commit, and each covers every record whose append failed. The database takes writes;
     * health must not go on saying it cannot be written until the next reading happens to arrive.
     */
    @Test
    void checkpointsThatCommitEndALogFailureSinceTheyCoverEveryRecordItMissed() {
        StorageHealth health = new StorageHealth();
        health.journalFailed(new StoreFullException("appending a block refused: the disk is full", null));
        assertTrue(health.isFailing());

        health.checkpointWritten(1_000);
        assertFalse(health.journalFailing(), "the checkpoint of batch 1000 covers the records the log missed");
        assertFalse(health.isFailing());
    }

    @Test
    void aLogThatStillFailsAfterACheckpointIsSaidAgain() {
        StorageHealth health = new StorageHealth();
        health.journalFailed(new StoreFullException("disk full", null));
        health.checkpointWritten(1_000);
        health.journalFailed(new StoreFullException("disk full", null));
        assertTrue(health.journalFailing());
        assertTrue(health.isFailing());
    }
}
