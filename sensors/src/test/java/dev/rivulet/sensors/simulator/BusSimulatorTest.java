package dev.rivulet.sensors.simulator;

import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.decode.DecodeResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BusSimulatorTest {
    private static BusSimulator fleet(long seed) {
        return new BusSimulator(BusSimulator.Settings.defaults(seed));
    }

    @Test
    void sameSeedSameReadingsDifferentSeedDifferentReadings() {
        assertEquals(fleet(7).next(2000), fleet(7).next(2000));
        assertNotEquals(fleet(7).next(200), fleet(8).next(200));
    }

    @Test
    void readingsComeInTimeOrderWithBusKeysStopsAndCapacity() {
        List<Reading> readings = fleet(1).next(1000);
        long previous = Long.MIN_VALUE;
        for (Reading r : readings) {
            assertTrue(r.eventTime() >= previous);
            previous = r.eventTime();
            assertTrue(r.key().matches("bus-\\d+"), r.key());
            assertTrue(r.label("stop").startsWith(r.label("route") + "-S"), r.toString());
            assertEquals(60.0, r.value("capacity"));
        }
        assertEquals(20, readings.stream().map(Reading::key).distinct().count());
    }

    @Test
    void busesNeverCarryMoreThanTheyHoldAndEmptyAtTheTerminus() {
        BusSimulator sim = new BusSimulator(BusSimulator.Settings.defaults(3).withFaultRate(0));
        Map<String, Integer> load = new HashMap<>();
        int fullest = 0;
        int tripEnds = 0;
        for (Reading r : sim.advanceTo(Instant.parse("2026-11-23T12:00:00Z").toEpochMilli())) {
            if (BusSimulator.TRIP_END.equals(r.label("trip"))) {
                tripEnds++;
                assertEquals(load.getOrDefault(r.key(), 0), (int) r.value("alightings"), "everyone leaves at a trip's end: " + r);
            } else {
                assertEquals(BusSimulator.TRIP_RUNNING, r.label("trip"), r.toString());
            }
            int onboard = load.getOrDefault(r.key(), 0) - (int) r.value("alightings") + (int) r.value("boardings");
            assertTrue(onboard >= 0 && onboard <= 60, r + " leaves " + onboard + " on board");
            load.put(r.key(), onboard);
            fullest = Math.max(fullest, onboard);
        }
        load.forEach((bus, n) -> assertEquals(sim.occupancy(bus), n));
        assertEquals(60, fullest, "some bus is full around the morning peak");
        assertTrue(tripEnds > 20 * 10, "every bus ends a trip at each terminus: " + tripEnds);
    }

    @Test
    void demandFollowsTheDailyShape() {
        BusSimulator sim = new BusSimulator(BusSimulator.Settings.defaults(5).withFaultRate(0)
                .withStart(Instant.parse("2026-11-23T00:00:00Z")));
        double night = boardings(sim.advanceTo(Instant.parse("2026-11-23T04:00:00Z").toEpochMilli()));
        sim.advanceTo(Instant.parse("2026-11-23T07:30:00Z").toEpochMilli());
        double peak = boardings(sim.advanceTo(Instant.parse("2026-11-23T08:30:00Z").toEpochMilli()));
        assertTrue(peak > 4 * night, "one peak hour (" + peak + ") sees far more boardings than four night hours (" + night + ")");
        assertTrue(DailyDemand.at(8) > 2 * DailyDemand.at(12) && DailyDemand.at(3) < 0.05);
    }

    private static double boardings(List<Reading> readings) {
        return readings.stream().mapToDouble(r -> r.value("boardings")).sum();
    }

    @Test
    void faultyReadingsAreImpossibleCountsAtAboutTheConfiguredRate() {
        BusSimulator sim = new BusSimulator(BusSimulator.Settings.defaults(9).withFaultRate(0.05));
        long impossible = sim.next(10_000).stream()
                .filter(r -> r.value("boardings") < 0 || r.value("boardings") > 60 || r.value("alightings") > 60).count();
        assertEquals(sim.faults(), impossible);
        assertTrue(impossible > 350 && impossible < 650, impossible + " faults in 10,000 at 5%");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BusSimulator.Settings.defaults(1).withBuses(2, 3));
        assertTrue(e.getMessage().startsWith("simulator.routes=3"), e.getMessage());
    }

    @Test
    void jsonWireFormatDecodesBackToTheSameReading() {
        for (Reading r : fleet(2).next(50)) {
            DecodeResult out = new DecodeResult();
            BusJson.decoder("simulator").decode(BusJson.topic(r), BusJson.encode(r), r.arrivalTime(), out);
            assertEquals(List.of(r), out.readings());
        }
    }

    @Test
    void asASourceItPushesReadingsStampedWithTheGivenClock() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (Source source = fleet(4).asSource("sim", SimulatorSource.Pace.asFastAsPossible(), () -> 42L)) {
            source.start(sink, sink);
            List<CollectingSink.Pushed> got = sink.take(500, Duration.ofSeconds(10));
            assertEquals(fleet(4).next(1).get(0).key(), got.get(0).reading().key());
            assertTrue(got.stream().allMatch(p -> p.reading().arrivalTime() == 42L && p.reading().source().equals("sim")));
        }
    }

    @Test
    void spedUpSourceRunsSimulatedTimeAheadOfTheWallClock() throws Exception {
        CollectingSink sink = new CollectingSink();
        BusSimulator sim = fleet(6);
        long first = sim.nextTime();
        try (Source source = sim.asSource("sim", SimulatorSource.Pace.speedup(3600), System::currentTimeMillis)) {
            source.start(sink, sink);
            List<CollectingSink.Pushed> got = sink.take(40, Duration.ofSeconds(10));
            long simulatedSpan = got.get(39).reading().eventTime() - first;
            assertTrue(simulatedSpan >= 90_000, "40 readings from 20 buses span at least one stop interval: " + simulatedSpan);
        }
    }
}
