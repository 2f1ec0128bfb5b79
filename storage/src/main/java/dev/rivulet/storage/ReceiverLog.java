package dev.rivulet.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The receiver write-ahead log: readings are appended here, one transaction per block, before their MQTT
 * acknowledgement is released; after a crash, the records a checkpoint does not cover are replayed.
 *
 * <p>Records get consecutive sequence numbers. A checkpoint names the last sequence number it covers; records up
 * to the one covered by the oldest retained checkpoint are pruned when a checkpoint commits, and never otherwise:
 * a record is acknowledged to its source once appended, so deleting it before a checkpoint covers it would lose
 * it at the next power cut. The log's bounds by size and by batch-time age ({@link LogBounds}) are reported by
 * {@link #boundReached()}; its owner stops appending (stops taking readings) while one is reached.
 *
 * <p>Beside the records the log keeps {@link DeliveryMark}s, bounded by one per source and packet id (65,535 per
 * MQTT source) and never pruned with the records; {@link AdmittedKey}s, one per source and key, never pruned; and
 * {@link FileMark}s, one per source and file, dropped when the file is gone ({@link #forgetFile}).
 */
public interface ReceiverLog {

    /**
     * Appends a block of records in one transaction: when this returns, the whole block is durable (with
     * {@code synchronous=FULL}); when it throws, none of it is there.
     *
     * @param block the records, in arrival order; an empty block writes nothing
     * @return the sequence number of the block's last record (the block holds {@code last - size + 1 .. last}),
     *     or {@link #lastSequence()} for an empty block. Release acknowledgements only after this returned.
     * @throws StoreFullException when the disk is full; nothing of the block was written
     */
    default long append(List<LogRecord> block) {
        return append(block, BlockMarks.NONE);
    }

    /** Appends a block and the delivery marks of the messages its records came in; as {@link #append(List, BlockMarks)}. */
    default long append(List<LogRecord> block, Collection<DeliveryMark> marks) {
        return append(block, BlockMarks.of(marks));
    }

    /**
     * Appends a block and, in the same transaction, what is kept beside it ({@link BlockMarks}): delivery marks, admitted
     * keys and file marks. They are kept apart from the records: pruning the log, by checkpoints or by its bounds, leaves
     * them. An empty block writes its marks all the same.
     *
     * @return as {@link #append(List)}
     * @throws StoreFullException when the disk is full; neither records nor marks were written
     */
    long append(List<LogRecord> block, BlockMarks marks);

    /** Every key admitted, one per source and key; read once at start, so a limit of keys counts what it admitted. */
    List<AdmittedKey> admittedKeys();

    /** Every file mark held, one per source and file, the newest; read once at start, for sources to go on reading. */
    List<FileMark> fileMarks();

    /** Drops the mark of a file its source no longer sees (moved away or deleted), so marks stay as many as the files. */
    void forgetFile(String source, String file);

    /** Every mark held, at most one per source and packet id; read once at start, to recognise redeliveries. */
    List<DeliveryMark> deliveryMarks();

    /** The sequence number of the last record ever appended, 0 if none ever was. Survives pruning and restarts. */
    long lastSequence();

    /** Every record still held with a sequence number greater than {@code afterSequence}, in sequence order. */
    List<LoggedRecord> readAfter(long afterSequence);

    /**
     * The records after {@code afterSequence} grouped by batch time, ascending; within a batch in sequence order.
     * This is what recovery replays: pass the checkpoint's {@link Checkpoint#logSequence()}.
     */
    default NavigableMap<Long, List<LoggedRecord>> readAfterByBatchTime(long afterSequence) {
        NavigableMap<Long, List<LoggedRecord>> byBatch = new TreeMap<>();
        for (LoggedRecord record : readAfter(afterSequence)) {
            byBatch.computeIfAbsent(record.batchTime(), time -> new ArrayList<>()).add(record);
        }
        return byBatch;
    }

    /**
     * Deletes the records with a sequence number up to {@code sequence} inclusive. Checkpoint commits already do
     * this; call it directly only to free room (for instance after a {@link StoreFullException}).
     *
     * @return how many records were deleted
     */
    long pruneThrough(long sequence);

    /**
     * Which bound of {@link LogBounds} the log has reached, said for an operator; null while within both. Appends
     * still succeed past a bound (the records in flight must land somewhere); the caller stops taking new ones.
     */
    String boundReached();

    /**
     * Hands every record a prune deletes to {@code archive} first, inside the prune's transaction (checkpoint
     * commits and {@link #pruneThrough} alike); null stops archiving. Records pruned before this call are gone.
     */
    void archivePrunedTo(PruneArchive archive);

    /** Where the archive stood at the last committed prune that archived; {@link ArchivePosition#NONE} if none did. */
    ArchivePosition archivePosition();

    /** How many records the log holds now. */
    long recordCount();

    /**
     * How many payload bytes the log holds now, counted by whole blocks: a block partly covered by a checkpoint
     * counts whole until a checkpoint covers all of it. This is what {@link StoreConfig#logMaxBytes()} bounds.
     */
    long payloadBytes();
}
