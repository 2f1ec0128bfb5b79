package dev.rivulet.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    /** Feeds values to one key's state machine; returns what changed at each step ("+" raised, "-" cleared, "." none). */
    private static String run(Hysteresis hysteresis, double... values) {
        Hysteresis.OneKey key = hysteresis.forOneKey();
        StringBuilder changes = new StringBuilder();
        for (double value : values) {
            Optional<Boolean> change = key.observe(value);
            changes.append(change.map(raised -> raised ? "+" : "-").orElse("."));
        }
        return changes.toString();
    }

    @Test
    void raisesAfterConsecutiveBatchesAndClearsBelowLow() {
        Hysteresis h = new Hysteresis(0.9, 0.8, 2);
        assertEquals("..+....-", run(h, 0.5, 0.9, 0.95, 0.99, 0.85, 0.8, 0.81, 0.79));
    }

    @Test
    void aStreakBrokenBeforeItsLengthRaisesNothing() {
        Hysteresis h = new Hysteresis(0.9, 0.8, 3);
        assertEquals("........+", run(h, 0.9, 0.9, 0.5, 0.9, 0.95, 0.7, 0.91, 0.92, 0.93));
    }

    @Test
    void hoveringAtTheMarkDoesNotFlap() {
        Hysteresis h = new Hysteresis(0.9, 0.8, 1);
        assertEquals("+........", run(h, 0.9, 0.89, 0.9, 0.85, 0.9, 0.88, 0.9, 0.8, 0.9));
    }

    @Test
    void oneBatchIsEnoughWhenConsecutiveIsOne() {
        assertEquals("+-+-", run(new Hysteresis(10, 5, 1), 10, 4, 12, 0));
    }

    @Test
    void clearAfterWaitsForThatManyBatchesInARowBelowLow() {
        Hysteresis h = new Hysteresis(1, 1, 1, 3);
        assertEquals("+.....-+", run(h, 1, 0, 0, 1, 0, 0, 0, 1));
    }

    @Test
    void oneKeyKeepsItsOwnState() {
        Hysteresis.OneKey key = new Hysteresis(1, 1, 1, 2).forOneKey();
        assertEquals(Optional.of(true), key.observe(1));
        assertEquals(Optional.empty(), key.observe(0));
        assertEquals(Optional.of(false), key.observe(0));
    }
}
