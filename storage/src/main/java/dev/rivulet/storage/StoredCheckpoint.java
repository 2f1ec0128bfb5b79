package dev.rivulet.storage;

/**
 * A checkpoint read back from the store.
 *
 * @param id              its id; larger ids were committed later
 * @param createdAtMillis when it was committed, by the store's clock
 * @param checkpoint      what was committed, every blob verified against its checksum
 */
public record StoredCheckpoint(long id, long createdAtMillis, Checkpoint checkpoint) {
}
