package dev.rivulet.storage;

import java.util.List;

/**
 * Keeps the records a prune of the {@link ReceiverLog} is about to delete: called inside the prune's
 * transaction, before it commits, so a record leaves the log only once the archive holds it durably. A power
 * cut after {@link #archive} returned and before the prune committed leaves the records in the log; the
 * position returned is committed with the prune, so on restart the archive cuts off what it wrote past the
 * committed {@link ReceiverLog#archivePosition()} and the next prune writes those records again, once.
 */
@FunctionalInterface
public interface PruneArchive {

    /**
     * Makes {@code records} durable in the archive (written and flushed to the disk), or leaves them out when the
     * archive cannot take them (said and counted by the archive: the log must prune all the same, or a full
     * archive disk would stop the gateway taking readings).
     *
     * @param records   the records the prune deletes, in sequence order; never empty
     * @param committed where the archive stood at the last committed prune
     * @return where the archive stands with these records in it, committed with the prune
     */
    ArchivePosition archive(List<LoggedRecord> records, ArchivePosition committed);
}
