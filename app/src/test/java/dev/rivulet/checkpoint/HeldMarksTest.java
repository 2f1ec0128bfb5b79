package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Marks by source and 16-bit packet id: held with their hash, replaced, kept apart per source. */
class HeldMarksTest {

    @Test
    void aMarkIsHeldWithItsHashUntilReplaced() {
        HeldMarks marks = new HeldMarks();
        assertFalse(marks.holds("doors", 7, 0L), "nothing is held at first, not even a hash of 0");

        marks.put("doors", 7, 0L);
        assertTrue(marks.holds("doors", 7, 0L));
        assertFalse(marks.holds("doors", 7, 1L), "another payload under the same id is a new message");
        assertFalse(marks.holds("doors", 8, 0L));
        assertFalse(marks.holds("beams", 7, 0L), "each source has its own ids");

        marks.put("doors", 7, -42L);
        assertTrue(marks.holds("doors", 7, -42L));
        assertFalse(marks.holds("doors", 7, 0L), "the broker reused the id: the old mark is gone");
    }

    @Test
    void everySixteenBitIdHasItsPlaceAndNoOtherIsHeld() {
        HeldMarks marks = new HeldMarks();
        for (int id = 0; id <= 65_535; id++) {
            marks.put("doors", id, id * 31L);
        }
        for (int id = 0; id <= 65_535; id++) {
            assertTrue(marks.holds("doors", id, id * 31L), "id " + id);
        }
        marks.put("doors", 65_536, 5L);
        marks.put("doors", -1, 5L);
        assertFalse(marks.holds("doors", 65_536, 5L), "not a packet id: never skipped as a repeat");
        assertFalse(marks.holds("doors", -1, 5L));
        assertTrue(marks.holds("doors", 0, 0L), "an id beyond 16 bits does not wrap onto another");
    }
}
