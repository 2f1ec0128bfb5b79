package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.checkpoint.RecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stop's counts as checkpoints carry them. */
class StopCountTest {

    @Test
    void countsGoThroughTheCheckpointCodecSmallOnesInOneByte() throws Exception {
        RecordCodec codec = PipelineKinds.registerCodecs(new RecordCodec());
        for (StopCount count : List.of(new StopCount(0, 0), new StopCount(3, 63), new StopCount(64, -1),
                new StopCount(Long.MAX_VALUE, Long.MIN_VALUE), new StopCount(-64, 1_000_000))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            codec.write(count, new DataOutputStream(bytes));
            assertEquals(count, codec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
            if (Math.abs(count.boardings()) < 64 && Math.abs(count.alightings()) < 64) {
                assertEquals(3, bytes.size(), count + ": the tag and one byte per count");
            }
        }
    }

    @Test
    void sumsStopAtTheEndsOfALong() {
        StopCount huge = new StopCount(Long.MAX_VALUE, 1);
        assertEquals(new StopCount(Long.MAX_VALUE, 2), huge.plus(new StopCount(5, 1)));
        assertEquals(new StopCount(0, 0), new StopCount(4, 2).minus(new StopCount(4, 2)));
    }
}
