package dev.rivulet.storage;

import java.nio.file.Path;

/**
 * State the store had committed and no longer holds, found at open: its database was emptied, replaced, or cut
 * off from the {@code -wal} file its newest commits lived in. The store goes on with what it holds; the files as
 * they were found are kept at {@code keptAt} for a post-mortem.
 *
 * @param description what was committed and what is left, in words, for the log and an alert
 * @param keptAt      the copy of the database file as found; its {@code -wal} and {@code -shm} beside it, if any
 */
public record StateLoss(String description, Path keptAt) {
}
