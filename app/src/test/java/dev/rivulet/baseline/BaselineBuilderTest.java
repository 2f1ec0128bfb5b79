package dev.rivulet.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineBuilderTest {

    private static final WeekSlots HOURS = new WeekSlots(Duration.ofHours(1), ZoneId.of("UTC"));
    /** Monday 2 November 2026, 08:00 UTC: slot 8. */
    private static final long MONDAY_8 = Instant.parse("2026-11-02T08:00:00Z").toEpochMilli();

    @Test
    void theMedianAndTheHighQuantileOfASlot() {
        BaselineBuilder builder = new BaselineBuilder(HOURS, 0.9, key -> key);
        for (int value = 1; value <= 10; value++) {
            builder.add(MONDAY_8, "bus-1", value);
        }
        assertEquals(new Usual(10, 5.5, 9.1), builder.build("occupancy.load", Baseline.BY_KEY).inSlot("bus-1", 8));
    }

    @Test
    void eachKeyAndSlotHasItsOwnAndNaNIsNoSample() {
        BaselineBuilder builder = new BaselineBuilder(HOURS, 0.9, key -> key);
        for (int i = 0; i < 10; i++) {
            builder.add(MONDAY_8 + i * 60_000L, "bus-1", 0.5);
            builder.add(MONDAY_8 + i * 60_000L, "bus-2", 0.1 * i);
            builder.add(MONDAY_8 + 3_600_000L + i * 60_000L, "bus-1", 0.9);
            builder.add(MONDAY_8 + i * 60_000L, "bus-3", Double.NaN);
        }
        Baseline baseline = builder.build("occupancy.load", Baseline.BY_KEY);
        assertEquals(new Usual(10, 0.5, 0.5), baseline.inSlot("bus-1", 8));
        assertEquals(new Usual(10, 0.9, 0.9), baseline.inSlot("bus-1", 9));
        assertEquals(0.45, baseline.inSlot("bus-2", 8).median(), 1e-12);
        assertEquals(0.81, baseline.inSlot("bus-2", 8).high(), 1e-12);
        assertNull(baseline.inSlot("bus-2", 9), "no sample, no slot");
        assertNull(baseline.usual().get("bus-3"), "NaN is not a value");
        assertEquals(MONDAY_8, baseline.from());
        assertEquals(MONDAY_8 + 3_600_000L + 9 * 60_000L, baseline.to());
        assertEquals(new Usual(10, 0.9, 0.9), baseline.at("bus-1", MONDAY_8 + 3_600_000L + 7 * 24 * 3_600_000L),
                "the same hour a week later");
    }

    @Test
    void busesOfARouteMakeOneBaseline() {
        Map<String, String> routes = Map.of("bus-1", "route-4", "bus-2", "route-4");
        BaselineBuilder builder = new BaselineBuilder(HOURS, 0.5, key -> routes.getOrDefault(key, key));
        builder.add(MONDAY_8, "bus-1", 0.2);
        builder.add(MONDAY_8, "bus-2", 0.4);
        builder.add(MONDAY_8, "bus-9", 0.7);
        Baseline baseline = builder.build("occupancy.load", Baseline.BY_ROUTE);
        assertEquals(new Usual(2, 0.30000000000000004, 0.30000000000000004), baseline.inSlot("route-4", 8));
        assertEquals(new Usual(1, 0.7, 0.7), baseline.inSlot("bus-9", 8), "a bus of no route is its own");
        assertEquals(2, builder.keys());
    }

    @Test
    void nothingToBuildFromIsSaid() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new BaselineBuilder(HOURS, 0.9, key -> key).build("occupancy.load", Baseline.BY_KEY));
        assertTrue(e.getMessage().contains("gave no value of occupancy.load"), e.getMessage());
    }
}
