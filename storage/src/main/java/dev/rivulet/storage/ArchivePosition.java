package dev.rivulet.storage;

/**
 * How far the archive of pruned log records ({@link PruneArchive}) had been written when a prune committed: the
 * file it last appended to and that file's length. What lies past it was written by a prune that did not commit.
 *
 * @param file   the archive's own name for the file (its day, for a daily archive), 0 when nothing was archived
 * @param length the file's length in bytes after the last committed append
 */
public record ArchivePosition(long file, long length) {

    /** Before anything was archived. */
    public static final ArchivePosition NONE = new ArchivePosition(0, 0);
}
