package dev.rivulet.pipeline;

import dev.rivulet.sensors.Reading;

/**
 * The checks a single door reading must pass, without knowing the bus's occupancy: the pipeline's {@code where}
 * conditions, then the plausibility rules that need only the bus's crush load. The rule that needs the occupancy
 * ({@code jump-over-crush-load}) is the {@link BusLedger}'s.
 */
final class Plausibility {

    private final BusOccupancyPipeline settings;
    private final OccupancySettings rules;
    private final ReadingFilter where;

    Plausibility(BusOccupancyPipeline settings) {
        this.settings = settings;
        this.rules = settings.rules();
        this.where = new ReadingFilter(settings.where());
    }

    /** The first rule the reading breaks, or null when it passes every one. */
    String brokenRule(Reading reading) {
        return brokenRule(reading, settings.crushLoadOf(reading.key()));
    }

    private String brokenRule(Reading reading, int crushLoad) {
        String broken = where.brokenRule(reading);
        if (broken != null) {
            return broken;
        }
        double in = reading.value(settings.boardings());
        double out = reading.value(settings.alightings());
        if (Double.isNaN(in) || Double.isNaN(out)) {
            return OccupancySettings.MISSING_COUNT;
        }
        if (rules.rejectNegative() && (in < 0 || out < 0)) {
            return OccupancySettings.NEGATIVE_COUNT;
        }
        if (rules.rejectEventOverCrush() && (in > crushLoad || out > crushLoad)) {
            return OccupancySettings.EVENT_OVER_CRUSH_LOAD;
        }
        return null;
    }

    /** The reading as the ledger takes it. */
    DoorEvent event(Reading reading) {
        int crushLoad = settings.crushLoadOf(reading.key());
        String broken = brokenRule(reading, crushLoad);
        boolean tripEnd = rules.tripEndLabel() != null && rules.endsTrip(reading.label(rules.tripEndLabel()));
        long in = broken == null ? Math.round(reading.value(settings.boardings())) : 0;
        long out = broken == null ? Math.round(reading.value(settings.alightings())) : 0;
        return new DoorEvent(reading.eventTime(), in, out, tripEnd, crushLoad, broken, reading.label(settings.stopLabel()));
    }
}
