package dev.rivulet.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeekSlotsTest {

    @ParameterizedTest(name = "{0} in {1}, slots of {2} min: slot {3}, {4}")
    @CsvSource({
            "2026-11-02T00:00:00Z, UTC, 60, 0, Mon 00:00",
            "2026-11-02T00:59:59.999Z, UTC, 60, 0, Mon 00:00",
            "2026-11-03T08:30:00Z, UTC, 60, 32, Tue 08:00",
            "2026-11-03T07:30:00Z, Europe/Berlin, 60, 32, Tue 08:00",
            "2026-11-08T23:59:00Z, UTC, 60, 167, Sun 23:00",
            "2026-11-03T08:30:00Z, UTC, 15, 130, Tue 08:30",
            "2026-11-04T12:00:00Z, UTC, 1440, 2, Wed 00:00",
            "2026-11-04T12:00:00Z, UTC, 10080, 0, Mon 00:00",
            // Summer time in Berlin: 08:30 local is 06:30 UTC, still the 08:00 slot.
            "2026-07-07T06:30:00Z, Europe/Berlin, 60, 32, Tue 08:00",
            // The hour repeated when summer time ends (25 October 2026): both 02:30s are the Sunday 02:00 slot.
            "2026-10-25T00:30:00Z, Europe/Berlin, 60, 146, Sun 02:00",
            "2026-10-25T01:30:00Z, Europe/Berlin, 60, 146, Sun 02:00",
    })
    void theSlotOfAnInstantIsItsLocalTimeOfWeek(String instant, String zone, int minutes, int slot, String label) {
        WeekSlots slots = new WeekSlots(Duration.ofMinutes(minutes), ZoneId.of(zone));
        assertEquals(slot, slots.slotOf(Instant.parse(instant).toEpochMilli()));
        assertEquals(label, slots.label(slot));
    }

    @ParameterizedTest(name = "{0} cuts a week into {1}")
    @CsvSource({"PT15M, 672", "PT1H, 168", "PT7H, 24", "P1D, 7", "P7D, 1"})
    void widthsThatDivideAWeek(Duration width, int count) {
        assertNull(WeekSlots.problemWith(width));
        assertEquals(count, new WeekSlots(width, ZoneId.of("UTC")).count());
    }

    @ParameterizedTest(name = "{0} is refused")
    @CsvSource({"PT0S", "PT-1H", "PT30S", "PT1M30S", "PT11M", "PT5H", "P8D"})
    void widthsThatDoNotDivideAWeekAreRefusedWithTheFix(Duration width) {
        assertTrue(WeekSlots.problemWith(width).contains("use a width that divides a week, such as 15m, 30m, 1h"),
                WeekSlots.problemWith(width));
        assertThrows(IllegalArgumentException.class, () -> new WeekSlots(width, ZoneId.of("UTC")));
    }
}
