package dev.rivulet.sensors.simulator;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.Source;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A deterministic bus fleet: {@code buses} buses shuttle back and forth on {@code routes} routes of
 * {@code stopsPerRoute} stops. At every stop a bus reports one reading keyed by bus id with fields
 * {@code boardings}, {@code alightings} and {@code capacity} and labels {@code stop}, {@code route} and
 * {@code trip} ({@link #TRIP_END} at a terminus, where the trip ends, else {@link #TRIP_RUNNING}). Demand
 * follows a daily shape ({@link DailyDemand}); nobody boards a full bus; everyone leaves at the terminus. Now
 * and then a door counter misbehaves and reports an impossible count ({@code faultRate}); the true load is not
 * changed by a faulty report.
 *
 * <p>The same seed and settings always give the same readings. The simulator never reads a clock: simulated
 * time starts at {@code start} and advances with the events; a {@link SimulatorSource} paces it against a clock
 * it is given.
 */
public final class BusSimulator {
    /** Fields and labels of every simulated reading. */
    public static final ReadingSchema SCHEMA = ReadingSchema.of(List.of("boardings", "alightings", "capacity"), List.of("stop", "route", "trip"));
    /** The {@code trip} label of a reading at a terminus, where everyone leaves: the trip ends there. */
    public static final String TRIP_END = "end";
    /** The {@code trip} label of every other reading. */
    public static final String TRIP_RUNNING = "running";

    /**
     * @param seed          the random seed: same seed, same fleet, same readings
     * @param buses         number of buses, spread evenly over the routes
     * @param routes        number of routes
     * @param stopsPerRoute stops on each route (at least 2)
     * @param capacity      passengers a bus holds
     * @param stopInterval  simulated time between two stops of one bus
     * @param peakBoardings mean boardings per stop at the morning peak
     * @param faultRate     probability that a reading is faulty (0 to 1)
     * @param start         simulated time of the first departures
     * @param zone          time zone giving the hour of day for the demand shape
     * @param source        {@link Reading#source()} of every reading
     */
    public record Settings(long seed, int buses, int routes, int stopsPerRoute, int capacity, Duration stopInterval,
                           double peakBoardings, double faultRate, Instant start, ZoneId zone, String source) {
        public Settings {
            require(buses >= 1, "simulator.buses", buses, "at least 1");
            require(routes >= 1 && routes <= buses, "simulator.routes", routes, "between 1 and the number of buses");
            require(stopsPerRoute >= 2, "simulator.stopsPerRoute", stopsPerRoute, "at least 2");
            require(capacity >= 1, "simulator.capacity", capacity, "at least 1");
            require(!stopInterval.isNegative() && !stopInterval.isZero(), "simulator.stopInterval", stopInterval, "positive");
            require(peakBoardings >= 0, "simulator.peakBoardings", peakBoardings, "0 or more");
            require(faultRate >= 0 && faultRate <= 1, "simulator.faultRate", faultRate, "between 0 and 1");
            Objects.requireNonNull(start, "simulator.start");
            Objects.requireNonNull(zone, "simulator.zone");
            Objects.requireNonNull(source, "simulator.source");
        }

        /** 20 buses on 4 routes of 12 stops, 60 seats, a stop every 90 s, from Monday 2026-11-23 05:00 UTC. */
        public static Settings defaults(long seed) {
            return new Settings(seed, 20, 4, 12, 60, Duration.ofSeconds(90), 9, 0.002,
                    Instant.parse("2026-11-23T05:00:00Z"), ZoneId.of("UTC"), "simulator");
        }

        public Settings withBuses(int n, int routeCount) {
            return new Settings(seed, n, routeCount, stopsPerRoute, capacity, stopInterval, peakBoardings, faultRate, start, zone, source);
        }

        public Settings withStart(Instant t) {
            return new Settings(seed, buses, routes, stopsPerRoute, capacity, stopInterval, peakBoardings, faultRate, t, zone, source);
        }

        public Settings withFaultRate(double rate) {
            return new Settings(seed, buses, routes, stopsPerRoute, capacity, stopInterval, peakBoardings, rate, start, zone, source);
        }

        public Settings withSource(String name) {
            return new Settings(seed, buses, routes, stopsPerRoute, capacity, stopInterval, peakBoardings, faultRate, start, zone, name);
        }

        private static void require(boolean ok, String key, Object value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException(key + "=" + value + ": expected " + expected);
            }
        }
    }

    private static final class Bus {
        final int index;
        final String id;
        final int route;
        final String routeName;
        int stop;
        int direction;
        int onboard;
        long nextStopTime;

        Bus(int index, int route, int stop, int direction, long firstStop) {
            this.index = index;
            this.id = "bus-" + (index + 1);
            this.route = route;
            this.routeName = "R" + (route + 1);
            this.stop = stop;
            this.direction = direction;
            this.nextStopTime = firstStop;
        }
    }

    private final Settings settings;
    private final SplittableRandom random;
    private final PriorityQueue<Bus> due;
    private final List<Bus> fleet = new ArrayList<>();
    private final String[][] stopNames;
    private final double[][] stopWeights;
    private long faults;

    public BusSimulator(Settings settings) {
        this.settings = settings;
        this.random = new SplittableRandom(settings.seed());
        this.due = new PriorityQueue<>((a, b) -> a.nextStopTime != b.nextStopTime
                ? Long.compare(a.nextStopTime, b.nextStopTime) : Integer.compare(a.index, b.index));
        stopNames = new String[settings.routes()][settings.stopsPerRoute()];
        stopWeights = new double[settings.routes()][settings.stopsPerRoute()];
        for (int r = 0; r < settings.routes(); r++) {
            for (int s = 0; s < settings.stopsPerRoute(); s++) {
                stopNames[r][s] = "R" + (r + 1) + "-S" + (s + 1);
                // Some stops (a station, a school) are much busier than others.
                stopWeights[r][s] = 0.4 + 1.6 * random.nextDouble();
            }
        }
        long interval = settings.stopInterval().toMillis();
        long start = settings.start().toEpochMilli();
        for (int b = 0; b < settings.buses(); b++) {
            int route = b % settings.routes();
            int nth = b / settings.routes();
            int perRoute = (settings.buses() - route + settings.routes() - 1) / settings.routes();
            // Spread the buses of one route along it, half of them running each way.
            int stop = (int) ((long) nth * settings.stopsPerRoute() / Math.max(1, perRoute)) % settings.stopsPerRoute();
            int direction = nth % 2 == 0 ? 1 : -1;
            if (stop == 0) {
                direction = 1;
            } else if (stop == settings.stopsPerRoute() - 1) {
                direction = -1;
            }
            Bus bus = new Bus(b, route, stop, direction, start + random.nextLong(interval));
            fleet.add(bus);
            due.add(bus);
        }
    }

    public Settings settings() {
        return settings;
    }

    /** The simulated time of the next reading. */
    public long nextTime() {
        return due.peek().nextStopTime;
    }

    /** The next reading in simulated time; its arrival time equals its event time. */
    public Reading next() {
        Bus bus = due.poll();
        Reading r = stopAt(bus);
        due.add(bus);
        return r;
    }

    /** The next {@code n} readings. */
    public List<Reading> next(int n) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** Every reading up to and including simulated time {@code time}. */
    public List<Reading> advanceTo(long time) {
        List<Reading> out = new ArrayList<>();
        while (nextTime() <= time) {
            out.add(next());
        }
        return out;
    }

    /** How many passengers bus {@code busId} truly carries now (faulty reports do not change it). */
    public int occupancy(String busId) {
        for (Bus b : fleet) {
            if (b.id.equals(busId)) {
                return b.onboard;
            }
        }
        throw new IllegalArgumentException("no bus '" + busId + "'; ids are bus-1 … bus-" + fleet.size());
    }

    /** Faulty readings produced so far. */
    public long faults() {
        return faults;
    }

    /** This fleet as a source pushing at {@code pace}, stamping arrival with {@code wallClock}. */
    public Source asSource(String name, SimulatorSource.Pace pace, LongSupplier wallClock) {
        return new SimulatorSource(name, this, pace, wallClock);
    }

    private Reading stopAt(Bus bus) {
        int last = settings.stopsPerRoute() - 1;
        long time = bus.nextStopTime;
        int alightings;
        boolean terminus = (bus.stop == last && bus.direction > 0) || (bus.stop == 0 && bus.direction < 0);
        if (terminus) {
            alightings = bus.onboard;
        } else {
            int remaining = bus.direction > 0 ? last - bus.stop : bus.stop;
            // Each passenger leaves at any of the stops still ahead with equal chance.
            alightings = binomial(bus.onboard, 1.0 / (remaining + 1));
        }
        bus.onboard -= alightings;
        // At the terminus everyone leaves and new passengers board for the trip back.
        double hour = ZonedDateTime.ofInstant(Instant.ofEpochMilli(time), settings.zone()).toLocalTime().toSecondOfDay() / 3600.0;
        double mean = settings.peakBoardings() * DailyDemand.at(hour) * stopWeights[bus.route][bus.stop];
        int boardings = Math.min(poisson(mean), settings.capacity() - bus.onboard);
        bus.onboard += boardings;
        String stop = stopNames[bus.route][bus.stop];

        double reportedIn = boardings;
        double reportedOut = alightings;
        if (settings.faultRate() > 0 && random.nextDouble() < settings.faultRate()) {
            faults++;
            switch (random.nextInt(3)) {
                case 0 -> reportedIn = -1 - random.nextInt(5);
                case 1 -> reportedIn = settings.capacity() * (3 + random.nextInt(5));
                default -> reportedOut = 255;
            }
        }

        if (bus.stop == last) {
            bus.direction = -1;
        } else if (bus.stop == 0) {
            bus.direction = 1;
        }
        bus.stop += bus.direction;
        bus.nextStopTime = time + settings.stopInterval().toMillis();
        return new Reading(settings.source(), bus.id, time, time, SCHEMA,
                new double[] {reportedIn, reportedOut, settings.capacity()},
                new String[] {stop, bus.routeName, terminus ? TRIP_END : TRIP_RUNNING});
    }

    private int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    private int binomial(int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }
}
