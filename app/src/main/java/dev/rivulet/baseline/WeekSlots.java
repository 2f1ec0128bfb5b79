package dev.rivulet.baseline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * The week cut into slots of equal width, in local time of a zone, starting Monday 00:00: with 1 h slots, slot 0 is
 * Monday 00:00–01:00 and slot 32 Tuesday 08:00–09:00. The slot of an instant is read off its local wall time, so
 * across a daylight-saving change 08:00 stays in the 08:00 slot; the hour repeated in autumn falls twice into its
 * slot and the hour skipped in spring has no samples that day.
 *
 * @param width a whole number of minutes that divides a week (15m, 30m, 1h, 2h, 6h, 24h ...)
 * @param zone  the zone whose wall time the slots follow
 */
public record WeekSlots(Duration width, ZoneId zone) {

    /** Minutes in a week. */
    public static final int WEEK_MINUTES = 7 * 24 * 60;

    /** Checks the width; see {@link #problemWith(Duration)}. */
    public WeekSlots {
        String problem = problemWith(width);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Why {@code width} cannot cut a week into slots, in words that say what to write instead; null when it can.
     */
    public static String problemWith(Duration width) {
        if (width.isNegative() || width.isZero() || width.toSeconds() % 60 != 0 || width.toNanos() % 1_000_000_000 != 0
                || width.toMinutes() > WEEK_MINUTES || WEEK_MINUTES % width.toMinutes() != 0) {
            return width + " does not cut a week into equal slots of whole minutes: use a width that divides a week,"
                    + " such as 15m, 30m, 1h, 2h, 6h or 24h";
        }
        return null;
    }

    /** How many slots a week has. */
    public int count() {
        return (int) (WEEK_MINUTES / width.toMinutes());
    }

    /** The slot holding {@code epochMillis}. */
    public int slotOf(long epochMillis) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
        int minuteOfWeek = (local.getDayOfWeek().getValue() - 1) * 24 * 60 + local.getHour() * 60 + local.getMinute();
        return (int) (minuteOfWeek / width.toMinutes());
    }

    /** When {@code slot} starts, for people: {@code Tue 08:00}. */
    public String label(int slot) {
        long minute = slot * width.toMinutes();
        DayOfWeek day = DayOfWeek.of((int) (minute / (24 * 60)) + 1);
        return String.format(Locale.ROOT, "%s %02d:%02d", day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH),
                minute / 60 % 24, minute % 60);
    }
}
