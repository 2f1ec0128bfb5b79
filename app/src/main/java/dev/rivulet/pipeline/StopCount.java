package dev.rivulet.pipeline;

import dev.rivulet.checkpoint.RecordCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Boardings and alightings at one stop, in a batch or over a bus-occupancy pipeline's window: the value its per-stop
 * window adds, subtracts and checkpoints (tag 20: two zigzag varints). One value for both counts, so the window
 * remembers one partial per stop and slide, not two.
 *
 * @param boardings  passengers who got on
 * @param alightings passengers who got off
 */
public record StopCount(long boardings, long alightings) {

    /** The tag of a stop count in a checkpoint (RecordCodec's table). */
    public static final int TAG = 20;

    /** Both counts added, held at the ends of a long ({@link Saturating}). */
    public StopCount plus(StopCount other) {
        return new StopCount(Saturating.add(boardings, other.boardings), Saturating.add(alightings, other.alightings));
    }

    /** What is left when {@code other} leaves the window. */
    public StopCount minus(StopCount other) {
        return new StopCount(Saturating.subtract(boardings, other.boardings),
                Saturating.subtract(alightings, other.alightings));
    }

    /** No boarding and no alighting: a stop whose counts have left the window, dropped from its state. */
    public boolean isZero() {
        return boardings == 0 && alightings == 0;
    }

    static RecordCodec registerCodec(RecordCodec codec) {
        return codec.registerBuiltIn(TAG, StopCount.class, new RecordCodec.NestedCodec<>() {
            @Override
            public void write(StopCount count, RecordCodec records, DataOutput out) throws IOException {
                writeCount(count.boardings, out);
                writeCount(count.alightings, out);
            }

            @Override
            public StopCount read(RecordCodec records, DataInput in) throws IOException {
                return new StopCount(readCount(in), readCount(in));
            }
        });
    }

    /** A count as a zigzag varint ({@link RecordCodec#writeVarint}): small counts of either sign take 1 byte, not 8. */
    private static void writeCount(long count, DataOutput out) throws IOException {
        RecordCodec.writeVarint((count << 1) ^ (count >> 63), out);
    }

    private static long readCount(DataInput in) throws IOException {
        long bits = RecordCodec.readVarint(in);
        return (bits >>> 1) ^ -(bits & 1);
    }
}
