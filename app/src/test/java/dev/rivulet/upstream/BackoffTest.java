package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backoff sequence, and the settings' checks. */
class BackoffTest {

    private static List<Long> firstMillis(Backoff backoff, int count) {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            delays.add(backoff.next().toMillis());
        }
        return delays;
    }

    @Test
    void doublesUpToTheCapAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 5000L, 5000L), firstMillis(backoff, 6));
        backoff.reset();
        assertEquals(List.of(500L, 1000L), firstMillis(backoff, 2));
    }

    @Test
    void equalMinimumAndMaximumMeanAFixedDelay() {
        assertEquals(List.of(2000L, 2000L, 2000L), firstMillis(new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)), 3));
    }

    @Test
    void aVeryLongOutageNeverOverflowsTheDelay() {
        Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofSeconds(Long.MAX_VALUE / 4));
        for (int i = 0; i < 200; i++) {
            assertTrue(!backoff.next().isNegative());
        }
    }

    @Test
    void settingsNameTheBadValue() {
        ForwarderSettings defaults = ForwarderSettings.defaults("gw1");
        assertEquals("rivulet/gw1/outbox-dropped", defaults.droppedReportTopic());
        IllegalArgumentException inverted = assertThrows(IllegalArgumentException.class,
                () -> defaults.withBackoff(Duration.ofSeconds(10), Duration.ofSeconds(1)));
        assertTrue(inverted.getMessage().contains("maxBackoff"), inverted.getMessage());
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> defaults.withDroppedReportTopic(""));
        assertTrue(empty.getMessage().contains("droppedReportTopic"), empty.getMessage());
    }
}
