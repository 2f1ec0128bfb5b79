package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.MapWithStateDStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    private final RecordCodec codec = dev.rivulet.alerts.Hysteresis.registerCodec(
            dev.rivulet.pipeline.PipelineKinds.registerCodecs(new RecordCodec()));

    @Test
    void everyBuiltInTypeRoundTrips() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("b", 2L);
        map.put("a", List.of(1, 2.5, true));
        Reading reading = Reading.of("door", "bus-7", 11L, 12L, Map.of("in", 3.0, "out", 1.0), Map.of("stop", "S04"));
        List<Object> values = Arrays.asList(null, "text", 42L, 7, 0.5, false, Pair.of("k", Pair.of(1L, "v")),
                List.of("x", "y"), Optional.of(3L), Optional.empty(), map, new LinkedHashSet<>(List.of("s", "t")), reading,
                new MapWithStateDStream.Step<>(Map.of("bus", new MapWithStateDStream.Stamped<>(5L, 9_000L)), List.of()),
                new dev.rivulet.alerts.Hysteresis.Mark(true, 3));
        for (Object value : values) {
            assertEquals(value, codec.decode(codec.encode(value)), "round trip of " + value);
        }
    }

    @Test
    void theLayoutIsExplicit() {
        // tag 6 (Pair), tag 1 + UTF "k", tag 2 + 8-byte long 1
        assertEquals(List.of(6, 1, 0, 1, (int) 'k', 2, 0, 0, 0, 0, 0, 0, 0, 1),
                toList(codec.encode(Pair.of("k", 1L))));
    }

    @Test
    void aReadingWithoutItsOptionalLabelRoundTrips() {
        Reading noStop = new Reading("door", "b", 5L, 5L, dev.rivulet.sensors.ReadingSchema.of(List.of("in", "out"),
                List.of("stop")), new double[] {1, 0}, new String[] {null});
        assertEquals(noStop, codec.decode(codec.encode(noStop)));
    }

    @Test
    void stringsPastSixtyFourKilobytesRoundTrip() {
        String emoji = "\uD83D\uDE8C".repeat(16_000);
        String lone = "x\uD800y".repeat(30_000);
        Reading reading = Reading.of("door", emoji, 1L, 1L, Map.of("in", 1.0), Map.of("stop", lone));
        for (Object value : List.of(emoji, lone, "", reading, Pair.of(emoji, 3L))) {
            assertEquals(value, codec.decode(codec.encode(value)));
        }
    }

    @Test
    void checkpointsInTheOlderLayoutStillRead() {
        // tag 11: a Reading with every string as writeUTF, as versions before the long-string tags wrote it
        byte[] old = {11, 0, 1, 'd', 0, 1, 'k', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 8,
                0, 0, 0, 1, 0, 2, 'i', 'n', 0x3f, (byte) 0xf0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 1, 0, 4, 's', 't', 'o', 'p', 0, 2, 'S', '4'};
        assertEquals(Reading.of("d", "k", 7L, 8L, Map.of("in", 1.0), Map.of("stop", "S4")), codec.decode(old));
    }

    /**
     * In a checkpoint blob a string written before is written as its index (tag 21): the stop named in every
     * remembered batch, a reading's source, key and names, past 127 strings too; a blob's reader gives back the same.
     */
    @Test
    void aBlobWritesEachStringOnceAndThenItsIndex() throws IOException {
        Reading reading = Reading.of("door", "bus-7", 11L, 12L, Map.of("in", 3.0), Map.of("stop", "S04"));
        List<Object> records = new java.util.ArrayList<>(List.of(Pair.of("S04", 3L), Pair.of("S04", 4L), reading,
                reading, Pair.of("bus-7", "door")));
        for (int i = 0; i < 200; i++) {
            records.add("stop-" + i);
        }
        records.add(Pair.of("stop-150", "x".repeat(70_000)));
        records.add(List.of("x".repeat(70_000), "stop-150", "S04"));
        java.io.ByteArrayOutputStream blob = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
        RecordCodec writer = codec.forOneBlob();
        for (Object record : records) {
            writer.write(record, new java.io.DataOutputStream(blob));
            codec.write(record, new java.io.DataOutputStream(plain));
        }
        RecordCodec reader = codec.forOneBlob();
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(blob.toByteArray()));
        for (Object record : records) {
            assertEquals(record, reader.read(in));
        }
        assertEquals(-1, in.read(), "the blob read to its end");
        // Saved: S04 again 4 bytes four times; the second reading's door, bus-7, in, stop 5 + 6 + 3 + 5; the pair's
        // bus-7 and door 6 + 5; stop-150 (index 155, 2 bytes) 8 twice; the long string (tag 15, 70,013 bytes) 70,010.
        assertEquals(plain.size() - (4 * 4 + 19 + 11 + 2 * 8 + 70_010), blob.size(), "each string again as 2 or 3 bytes");
        // The second pair: tag 6, tag 21 and index 0 (the first string, S04), tag 2 and the long 4.
        assertEquals(List.of(6, 21, 0, 2, 0, 0, 0, 0, 0, 0, 0, 4), toList(codec.forOneBlob().encode(List.of(
                Pair.of("S04", 3L), Pair.of("S04", 4L)))).subList(21, 33));
        IOException outside = assertThrows(IOException.class,
                () -> codec.read(new java.io.DataInputStream(new java.io.ByteArrayInputStream(new byte[] {21, 0}))));
        assertEquals("tag 21 refers to string 0 of 0 read in this blob: the checkpoint is damaged, or was read outside"
                + " its blob", outside.getMessage());
    }

    record Temperature(double celsius) {
    }

    @Test
    void userTypesNeedARegisteredCodec() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> codec.encode(new Temperature(21.5)));
        assertEquals("cannot checkpoint a record of type " + Temperature.class.getName()
                + ": register a codec for it with RecordCodec.register(tag, type, codec)", e.getMessage());
        codec.register(64, Temperature.class, new RecordCodec.TypeCodec<>() {
            @Override
            public void write(Temperature value, java.io.DataOutput out) throws IOException {
                out.writeDouble(value.celsius());
            }

            @Override
            public Temperature read(java.io.DataInput in) throws IOException {
                return new Temperature(in.readDouble());
            }
        });
        assertEquals(new Temperature(21.5), codec.decode(codec.encode(new Temperature(21.5))));
        assertThrows(IllegalArgumentException.class, () -> codec.register(3, String.class, null));
    }

    private static List<Integer> toList(byte[] bytes) {
        Integer[] values = new Integer[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return List.of(values);
    }
}
