package dev.rivulet.gateway;

import dev.rivulet.config.SourceSettings;
import dev.rivulet.sensors.BusSimulator;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.simulator.SimulatorSource;
import java.time.Duration;

/** A {@code type: simulator} source: the seeded bus fleet, paced against the wall clock. */
final class Simulators {

    private Simulators() {
    }

    static Source source(SourceSettings source) {
        SourceSettings.Simulator sim = source.simulator();
        BusSimulator.Settings defaults = BusSimulator.Settings.defaults(sim.seed());
        int routes = Math.min(defaults.routes(), sim.buses());
        BusSimulator.Settings settings = new BusSimulator.Settings(sim.seed(), sim.buses(), routes, sim.stops(),
                sim.capacity(), defaults.stopInterval(), defaults.peakBoardings(), sim.faulty(),
                defaults.start().plus(Duration.ofHours(sim.startHour() - 5L)), defaults.zone(), source.name());
        return new SimulatorSource(source.name(), new BusSimulator(settings), SimulatorSource.Pace.speedup(sim.speed()),
                System::currentTimeMillis);
    }
}
