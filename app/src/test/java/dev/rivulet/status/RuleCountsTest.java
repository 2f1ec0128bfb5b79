package dev.rivulet.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RuleCountsTest {

    @Test
    void readsAsTheSortedMapItWasMadeFrom() {
        Map<String, Long> given = new HashMap<>(Map.of("where in >= 0", 2L, "negative-count", 5L, "jump-over-crush-load", 1L));
        RuleCounts counts = RuleCounts.of(given);
        TreeMap<String, Long> sorted = new TreeMap<>(given);

        assertEquals(sorted, counts);
        assertEquals(counts, sorted);
        assertEquals(sorted.hashCode(), counts.hashCode());
        assertEquals(sorted.toString(), counts.toString());
        assertEquals(List.copyOf(sorted.keySet()), List.copyOf(counts.keySet()));
        assertEquals(5L, counts.get("negative-count"));
        assertTrue(counts.containsKey("jump-over-crush-load"));
        assertNull(counts.get("event-over-crush-load"));
        assertNull(counts.get(42));
        assertFalse(counts.containsKey("a"));
    }

    @Test
    void isPassedOnAsItIsNotCopied() {
        RuleCounts counts = RuleCounts.of(Map.of("negative-count", 3L));
        assertSame(counts, RuleCounts.of(counts));
        assertSame(RuleCounts.of(Map.of()), RuleCounts.of(new TreeMap<>()));
        assertEquals(Map.of(), RuleCounts.of(Map.of()));
    }

    @Test
    void cannotBeChanged() {
        Map<String, Long> given = new TreeMap<>(Map.of("negative-count", 3L));
        RuleCounts counts = RuleCounts.of(given);
        given.put("negative-count", 4L);

        assertEquals(3L, counts.get("negative-count"));
        assertThrows(UnsupportedOperationException.class, () -> counts.put("negative-count", 9L));
        assertThrows(UnsupportedOperationException.class, () -> counts.remove("negative-count"));
        assertThrows(UnsupportedOperationException.class, counts::clear);
        assertThrows(UnsupportedOperationException.class, () -> counts.entrySet().iterator().next().setValue(1L));
    }
}
