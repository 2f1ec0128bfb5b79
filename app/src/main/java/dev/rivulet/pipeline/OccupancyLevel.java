package dev.rivulet.pipeline;


/**
 * GTFS-Realtime's {@code VehiclePosition.OccupancyStatus} for a bus, from its seats and standing room (same
 * names, so the feed maps them one to one).
 *
 * <pre>
 *  0 ─ EMPTY
 *  1 … below many-seats × seats ─────────────── MANY_SEATS_AVAILABLE
 *  … below seats ────────────────────────────── FEW_SEATS_AVAILABLE
 *  seats … below seats + crushed × standing ─── STANDING_ROOM_ONLY
 *  … below the crush load (seats + standing) ── CRUSHED_STANDING_ROOM_ONLY
 *  the crush load ───────────────────────────── FULL
 * </pre>
 */
public enum OccupancyLevel {
    EMPTY, MANY_SEATS_AVAILABLE, FEW_SEATS_AVAILABLE, STANDING_ROOM_ONLY, CRUSHED_STANDING_ROOM_ONLY, FULL;

    /** The level of a bus carrying {@code occupancy} passengers. */
    public static OccupancyLevel of(long occupancy, int seats, int standing, OccupancySettings levels) {
        if (occupancy <= 0) {
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

    /** GTFS-Realtime's occupancy_percentage: passengers against seats, in whole percent (past 100 when standing). */
    public static int percentage(long occupancy, int seats) {
        return (int) Math.min(Integer.MAX_VALUE, Math.round(occupancy * 100.0 / seats));
    }
}
