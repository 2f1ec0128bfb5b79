package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.sensors.Reading;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyLimitTest {

    @Test
    void admitsNewKeysUpToTheLimitAndKnownKeysAlways() {
        KeyLimit keys = new KeyLimit("doors", 2, Set.of());
        assertTrue(keys.admit("bus-1"));
        assertTrue(keys.admit("bus-1"));
        assertEquals(1, keys.admitted(), "under the limit");
        assertTrue(keys.admit("bus-2"));
        assertEquals(2, keys.admitted(), "at the limit");
        assertFalse(keys.admit("bus-3"));
        assertFalse(keys.admit("bus-3"), "refused again: nothing was admitted by the first refusal");
        assertTrue(keys.admit("bus-1"));
        assertTrue(keys.admit("bus-2"));
        assertEquals(2, keys.admitted());
        assertEquals(2, keys.refused());
    }

    @Test
    void countsFromTheKeysAdmittedBeforeARestart() {
        KeyLimit keys = new KeyLimit("doors", 3, List.of("bus-1", "bus-2"));
        assertTrue(keys.admit("bus-2"));
        assertTrue(keys.admit("bus-9"));
        assertFalse(keys.admit("bus-10"));
        assertEquals(3, keys.admitted());
    }

    @Test
    void aLoweredLimitKeepsEveryKeyItHeldAndAdmitsNoNewOne() {
        KeyLimit keys = new KeyLimit("doors", 1, List.of("bus-1", "bus-2"));
        assertTrue(keys.admit("bus-1"));
        assertTrue(keys.admit("bus-2"));
        assertFalse(keys.admit("bus-3"));
        assertEquals(2, keys.admitted());
    }

    @Test
    void noLimitAdmitsEveryKeyAndKeepsNone() {
        KeyLimit keys = new KeyLimit("doors", 0, List.of("bus-1"));
        for (int i = 0; i < 1000; i++) {
            assertTrue(keys.admit("bus-" + i));
        }
        assertEquals(0, keys.admitted(), "no key is kept without a limit, and none is ever refused");
        assertEquals(0, keys.refused());
        assertTrue(KeyLimit.NONE.admit("anything"));
    }

    /**
     * A label a pipeline keys its state by is limited like the keys, counted apart: a reading bringing a new key and a
     * new label value is taken only if both have room, and a refusal takes neither.
     */
    @Test
    void aKeyedLabelsValuesAreLimitedApartFromTheKeysAndARefusalTakesNothing() {
        KeyLimit keys = new KeyLimit("doors", 2, List.of("bus-1"), Map.of("stop", List.of("S1", "S2")));
        assertNull(keys.admit(door("bus-1", "S1")));
        assertNull(keys.admit(door("bus-1", null)), "a reading without the label is counted by its key alone");
        KeyLimit.Refusal refusal = keys.admit(door("bus-2", "S3"));
        assertEquals(new KeyLimit.Refusal("label 'stop'", "S3", 2), refusal);
        assertEquals(1, keys.admitted(), "bus-2 was not taken with the refused stop");
        assertNull(keys.admit(door("bus-2", "S2")), "a known stop: the new bus has room");
        assertEquals(new KeyLimit.Refusal("key", "bus-3", 2), keys.admit(door("bus-3", "S1")));
        assertEquals(Map.of("stop", 2L), keys.labelValues());
        assertEquals(2, keys.refused());
        assertTrue(keys.admit("bus-1"));
    }

    @Test
    void withoutALimitNoLabelIsCounted() {
        KeyLimit keys = new KeyLimit("doors", 0, List.of(), Map.of("stop", List.of("S1")));
        assertNull(keys.admit(door("bus-1", "S9")));
        assertEquals(Map.of(), keys.labelValues());
    }

    private static Reading door(String bus, String stop) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("stop", stop);
        return Reading.of("doors", bus, 0, 0, Map.of("in", 1.0), labels);
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KeyLimit("doors", -1, Set.of()));
    }

    @Test
    void refusalsAreSaidInTheLogAtPowersOfTen() {
        assertEquals(List.of(1L, 10L, 100L, 1000L), java.util.stream.LongStream.rangeClosed(1, 5000)
                .filter(ReceiverSink::powerOfTen).boxed().toList());
    }
}
