package dev.rivulet.storage.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every codec's exact bytes (they are a documented on-disk format) and round trips. */
class CodecsTest {

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    @Test
    void scalarsAreBigEndianWithTheDocumentedWidths() {
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 1, 2), Codecs.LONG.encode(258L));
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0xFE), Codecs.INT.encode(-2));
        assertArrayEquals(bytes(0x3F, 0xF8, 0, 0, 0, 0, 0, 0), Codecs.DOUBLE.encode(1.5));
        assertArrayEquals(bytes(1), Codecs.BOOLEAN.encode(true));
        assertArrayEquals(bytes(0, 0, 0, 3, 'h', 0xC3, 0xA9), Codecs.STRING.encode("hé"));
        assertArrayEquals(bytes(0, 0, 0, 2, 9, 8), Codecs.BYTES.encode(bytes(9, 8)));
    }

    @Test
    void collectionsAreACountThenTheirElements() {
        assertArrayEquals(bytes(0, 0, 0, 2, 0, 0, 0, 7, 0, 0, 0, 8), Codecs.listOf(Codecs.INT).encode(List.of(7, 8)));
        Map<String, Boolean> map = new LinkedHashMap<>();
        map.put("a", true);
        assertArrayEquals(bytes(0, 0, 0, 1, 0, 0, 0, 1, 'a', 1),
                Codecs.mapOf(Codecs.STRING, Codecs.BOOLEAN).encode(map));
        assertArrayEquals(bytes(0, 0, 0, 5, 0), Codecs.entryOf(Codecs.INT, Codecs.BOOLEAN).encode(Map.entry(5, false)));
        assertArrayEquals(bytes(0), Codecs.optionalOf(Codecs.INT).encode(Optional.empty()));
    }

    @Test
    void nestedValuesComeBackEqualAndInOrder() {
        Codec<Map<String, List<Map.Entry<Long, Double>>>> codec =
                Codecs.mapOf(Codecs.STRING, Codecs.listOf(Codecs.entryOf(Codecs.LONG, Codecs.DOUBLE)));
        Map<String, List<Map.Entry<Long, Double>>> value = new LinkedHashMap<>();
        value.put("zeta", List.of(Map.entry(1L, 2.5), Map.entry(-3L, Double.NaN)));
        value.put("alpha", List.of());
        Map<String, List<Map.Entry<Long, Double>>> back = codec.decode(codec.encode(value));
        assertEquals(value, back);
        assertEquals(List.of("zeta", "alpha"), List.copyOf(back.keySet()));
        assertEquals(Optional.of("x".repeat(70_000)),
                Codecs.optionalOf(Codecs.STRING).decode(Codecs.optionalOf(Codecs.STRING).encode(
                        Optional.of("x".repeat(70_000)))), "strings past 64 KiB work, unlike writeUTF");
    }

    @Test
    void truncatedOverlongAndInvalidBytesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Codecs.LONG.decode(bytes(0, 0, 1)));
        IllegalArgumentException leftOver = assertThrows(IllegalArgumentException.class,
                () -> Codecs.INT.decode(bytes(0, 0, 0, 1, 9)));
        assertTrue(leftOver.getMessage().contains("1 bytes left over"), leftOver.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Codecs.BOOLEAN.decode(bytes(2)));
        assertThrows(IllegalArgumentException.class, () -> Codecs.BYTES.decode(bytes(0xFF, 0, 0, 0)));
    }
}
