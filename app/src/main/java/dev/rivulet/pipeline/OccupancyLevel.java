package dev.rivulet.pipeline;


/**
 * GTFS-Realtime's {@code VehiclePosition.OccupancyStatus} for a bus, from its seats and standing room (same
 * names, so the feed maps them one to one).
 *
 * <pre>
 *  0 ─ EMPTY (with empty: true; else MANY_SEATS_AVAILABLE)
 *  … below many-seats × seats ───────────────── MANY_SEATS_AVAILABLE
 *  … below seats ────────────────────────────── FEW_SEATS_AVAILABLE
 *  seats … below seats + crushed × standing ─── STANDING_ROOM_ONLY
 *  … below the crush load (seats + standing) ── CRUSHED_STANDING_ROOM_ONLY (never at the default crushed: 100 %)
 *  the crush load ───────────────────────────── FULL
 * </pre>
 *
 * {@link #NO_DATA_AVAILABLE} is not a count: the bus's door counter is faulty (a sensor-fault alert is open on it)
 * or silent (no reading for {@code stale-after}), so its count is not published.
 */
public enum OccupancyLevel {
    EMPTY, MANY_SEATS_AVAILABLE, FEW_SEATS_AVAILABLE, STANDING_ROOM_ONLY, CRUSHED_STANDING_ROOM_ONLY, FULL, NO_DATA_AVAILABLE;

    /** The level of a bus carrying {@code occupancy} passengers. */
    public static OccupancyLevel of(long occupancy, int seats, int standing, OccupancySettings levels) {
        if (occupancy <= 0 && levels.empty()) {
            return EMPTY;
        }
        if (occupancy >= (long) seats + standing) {
            return FULL;
        }
        if (occupancy < levels.manySeats() * seats) {
            return MANY_SEATS_AVAILABLE;
        }
        if (occupancy < seats) {
            return FEW_SEATS_AVAILABLE;
        }
        return occupancy - seats < levels.crushed() * standing ? STANDING_ROOM_ONLY : CRUSHED_STANDING_ROOM_ONLY;
    }

    /**
     * GTFS-Realtime's occupancy_percentage: passengers against {@code crushLoad} (seats + standing: "the total
     * maximum occupancy the vehicle was designed for, including both seated and standing capacity"), rounded to the
     * nearest multiple of {@code step} percent, so that one passenger boarding or alighting is hidden. A bus with
     * one passenger on board shows {@code step}, never 0: 0 is kept for an empty bus.
     */
    public static int percentage(long occupancy, int crushLoad, int step) {
        if (occupancy <= 0) {
            return 0;
        }
        double exact = occupancy * 100.0 / Math.max(1, crushLoad);
        long steps = Math.max(1, Math.round(exact / step));
        return (int) Math.min(Integer.MAX_VALUE, steps * step);
    }
}
