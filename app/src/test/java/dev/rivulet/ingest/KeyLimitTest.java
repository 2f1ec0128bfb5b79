package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
