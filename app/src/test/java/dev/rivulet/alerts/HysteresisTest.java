package dev.rivulet.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.streaming.State;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HysteresisTest {

    /** Feeds values to one key's state machine; returns what changed at each step ("+" raised, "-" cleared, "." none). */
    private static String run(Hysteresis hysteresis, double... values) {
        Box<Hysteresis.Mark> state = new Box<>();
        StringBuilder changes = new StringBuilder();
        for (double value : values) {
            Optional<Boolean> change = hysteresis.observe(value, state);
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

    /** A plain State for unit tests. */
    private static final class Box<S> implements State<S> {
        private S value;

        @Override
        public boolean exists() {
            return value != null;
        }

        @Override
        public S get() {
            if (value == null) {
                throw new NoSuchElementException();
            }
            return value;
        }

        @Override
        public void update(S newState) {
            value = newState;
        }

        @Override
        public void remove() {
            value = null;
        }

        @Override
        public boolean isTimingOut() {
            return false;
        }
    }

}
