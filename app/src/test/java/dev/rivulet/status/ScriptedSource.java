package dev.rivulet.status;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A {@link StatusSource} for tests: a fixed health and metrics, and a fleet computed from how many
 * times it was asked, so a test can see a page pick up new data.
 */
final class ScriptedSource implements StatusSource {

    volatile Health health = Health.ok();
    volatile StatusMetrics metrics = StatusMetrics.none();
    final AtomicInteger fleetRequests = new AtomicInteger();
    /** Added to the fleet's batch time: a later batch of the same buses. */
    volatile long laterBy;
    private final IntFunction<FleetStatus> fleet;

    ScriptedSource(IntFunction<FleetStatus> fleet) {
        this.fleet = fleet;
    }

    /** Two buses, one alert and the stops of one pipeline, the same every time. */
    static ScriptedSource twoBuses() {
        return new ScriptedSource(request -> new FleetStatus(1_763_690_000_000L, 1000,
                List.of(new FleetStatus.Bus("bus-1", 42, 60, 0.7, List.of(40L, 41L, 42L), "occupancy", 30,
                                "FEW_SEATS_AVAILABLE", 46, java.util.Map.of("negative-count", 2L), 3, 7, 1_763_689_999_000L,
                                new FleetStatus.Trip("T-1", "R-1", "0", "20251121")),
                        new FleetStatus.Bus("bus \"2\"", 57, 60, 0.95, List.of(50L, 57L))),
                List.of(new FleetStatus.OpenAlert("capacity", "bus \"2\"", 1_763_689_990_000L, 0.95,
                        "57 of 60 passengers")), java.util.Map.of(),
                java.util.Map.of("occupancy", new FleetStatus.StopWindow(300_000, 1_763_689_980_000L,
                        List.of(new FleetStatus.Stop("Main St", 31, 4), new FleetStatus.Stop("stop \"7\"", 0, 12)), 3))));
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public StatusMetrics metrics() {
        return metrics;
    }

    @Override
    public FleetStatus fleet() {
        FleetStatus status = fleet.apply(fleetRequests.incrementAndGet());
        return laterBy == 0 ? status : new FleetStatus(status.batchTime() + laterBy, status.batchIntervalMillis(),
                status.buses(), status.openAlerts(), status.aggregateRejected(), status.stops());
    }
}
