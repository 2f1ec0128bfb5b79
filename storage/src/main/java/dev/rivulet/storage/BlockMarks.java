package dev.rivulet.storage;

import java.util.Collection;
import java.util.List;

/**
 * What the {@link ReceiverLog} keeps beside a block's records, written in the block's transaction and never pruned
 * with them: the marks of the MQTT messages its records came in, the keys first admitted with them, and how far files
 * were read.
 *
 * @param deliveries one per message; each replaces the mark held for its source and packet id
 * @param keys       keys first admitted with the block's records; a key already held is kept once
 * @param files      how far each file was read; each replaces the mark held for its source and file
 */
public record BlockMarks(Collection<DeliveryMark> deliveries, Collection<AdmittedKey> keys, Collection<FileMark> files) {

    /** Nothing beside the records. */
    public static final BlockMarks NONE = new BlockMarks(List.of(), List.of(), List.of());

    /** Only delivery marks. */
    public static BlockMarks of(Collection<DeliveryMark> deliveries) {
        return new BlockMarks(deliveries, List.of(), List.of());
    }

    /** How many marks of all three kinds. */
    public int size() {
        return deliveries.size() + keys.size() + files.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }
}
