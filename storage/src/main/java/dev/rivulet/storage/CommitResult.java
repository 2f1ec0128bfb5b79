package dev.rivulet.storage;

/**
 * What one checkpoint commit did.
 *
 * @param checkpointId      the id of the new checkpoint
 * @param outbox            what happened to the outbox messages committed with it
 * @param logRecordsPruned  receiver-log records deleted because the retained checkpoints now cover them
 */
public record CommitResult(long checkpointId, OutboxResult outbox, long logRecordsPruned) {
}
