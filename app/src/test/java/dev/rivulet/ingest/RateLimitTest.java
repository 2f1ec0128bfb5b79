package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rate on a clock that moves only when the source waits. */
class RateLimitTest {

    private long now = 1_000_000_000L;
    private final List<Long> waits = new ArrayList<>();
    private final RateLimit.Sleeper sleeper = nanos -> {
        waits.add(nanos);
        now += nanos;
    };

    @Test
    void holdsTheRateOnAverageAfterAShortBurstAndWaitsOnlyInSteps() throws Exception {
        RateLimit limit = new RateLimit(1_000, () -> now, sleeper);
        long start = now;
        for (int i = 0; i < 50; i++) {
            limit.acquire();
        }
        assertEquals(List.of(), waits, "50 ms worth of readings pass at once");
        for (int i = 0; i < 1_000; i++) {
            limit.acquire();
        }
        assertEquals(1_000_000_000L, now - start, 3_000_000, "a thousand more took a second");
        assertTrue(waits.stream().allMatch(w -> w > RateLimit.MIN_WAIT_NANOS), "no wait shorter than 2 ms: " + waits);
        assertTrue(waits.size() <= 500, waits.size() + " waits");

        now += 10_000_000_000L;   // a quiet source gains no more than a burst
        waits.clear();
        for (int i = 0; i < 52; i++) {
            limit.acquire();
        }
        assertEquals(List.of(), waits);
        for (int i = 0; i < 10; i++) {
            limit.acquire();
        }
        assertEquals(12_000_000L, waits.stream().mapToLong(Long::longValue).sum(),
                "past the burst of 50 it waits again: 62 readings are due 12 ms after the burst's 50: " + waits);
    }

    @Test
    void noLimitNeverWaits() throws Exception {
        RateLimit limit = new RateLimit(0, () -> now, sleeper);
        for (int i = 0; i < 100_000; i++) {
            limit.acquire();
        }
        assertEquals(List.of(), waits);
        assertThrows(IllegalArgumentException.class, () -> new RateLimit(-1, () -> now, sleeper));
    }
}
