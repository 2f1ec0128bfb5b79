package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.simulator.BusSimulator;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.simulator.SimulatorSource;
import java.time.Duration;
import java.util.List;

/**
 * {@code type: simulator}: a seeded bus fleet, paced against the wall clock.
 *
 * @param name      the source's name
 * @param limits  what the source may buffer and take: buffer, max-rate, max-keys
 * @param buses     how many buses
 * @param stops     stops per route
 * @param capacity  passengers per bus
 * @param seed      the random seed: the same seed gives the same readings
 * @param speed     simulated seconds per real second
 * @param faulty    share of faulty readings
 * @param startHour simulated hour of day at start
 */
public record SimulatorInput(String name, SourceLimits limits, int buses, int stops, int capacity, long seed, double speed,
                             double faulty, int startHour) implements SourceKind {

    private static final Key BUSES = new Key("buses", Key.Type.INTEGER, "8", "how many buses");
    private static final Key STOPS = new Key("stops", Key.Type.INTEGER, "12", "stops per route");
    private static final Key CAPACITY = new Key("capacity", Key.Type.INTEGER, "60", "passengers per bus");
    private static final Key SEED = new Key("seed", Key.Type.INTEGER, "1", "the same seed gives the same readings");
    private static final Key SPEED = new Key("speed", Key.Type.NUMBER, "60",
            "simulated seconds per real second (60: a day in 24 minutes)");
    private static final Key FAULTY = new Key("faulty", Key.Type.FRACTION, "1%", "share of faulty readings");
    private static final Key START_HOUR = new Key("start-hour", Key.Type.INTEGER, "7",
            "simulated hour of day at start (7: the morning rush)");

    static final Kind<SourceKind> KIND = new Kind<>("simulator", List.of(BUSES, STOPS, CAPACITY, SEED, SPEED, FAULTY, START_HOUR),
            SimulatorInput::read);

    private static SimulatorInput read(String name, ConfigNode node) {
        SourceLimits limits = SourceLimits.read(node);
        int buses = BUSES.integer(node, 1, 10_000);
        if (limits.maxKeys() > 0 && buses > limits.maxKeys()) {
            node.problem(SourceKinds.MAX_KEYS.name(), limits.maxKeys() + " is fewer than the " + buses + " buses simulated:"
                    + " the readings of the others would be dead-lettered; raise it to " + buses + " or more");
        }
        return new SimulatorInput(name, limits, buses, STOPS.integer(node, 2, 1000),
                CAPACITY.integer(node, 1, 1000), SEED.integer(node, 0, Integer.MAX_VALUE), SPEED.number(node, 0.001, 100_000),
                FAULTY.fraction(node), START_HOUR.integer(node, 0, 23));
    }

    @Override
    public Source open(SourceLinks links) {
        BusSimulator.Settings defaults = BusSimulator.Settings.defaults(seed);
        int routes = Math.min(defaults.routes(), buses);
        BusSimulator.Settings settings = new BusSimulator.Settings(seed, buses, routes, stops, capacity,
                defaults.stopInterval(), defaults.peakBoardings(), faulty,
                defaults.start().plus(Duration.ofHours(startHour - 5L)), defaults.zone(), name);
        return new SimulatorSource(name, new BusSimulator(settings), SimulatorSource.Pace.speedup(speed),
                links.clock()::wallTimeMillis, links.clock()::nanoTime, links.clock()::sleepUntil);
    }
}
