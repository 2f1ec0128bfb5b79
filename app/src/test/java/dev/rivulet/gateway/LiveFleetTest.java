package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.status.FleetStatus;
import dev.rivulet.streaming.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the status page is given of a pipeline's stops. */
class LiveFleetTest {

    @Test
    void theBusiestStopsFirstAtMostTwoHundredAndEachSlideReplacesTheLast() {
        LiveFleet fleet = new LiveFleet(10);
        List<FleetStatus.Stop> stops = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            stops.add(new FleetStatus.Stop("s" + i, i % 50, i / 50));
        }
        stops.add(new FleetStatus.Stop("huge", Long.MAX_VALUE, Long.MAX_VALUE));
        fleet.stops("occupancy", 300_000, Batch.copyOf(30_000, stops));

        FleetStatus.StopWindow window = fleet.stops().get("occupancy");
        assertEquals(300_000, window.windowMillis());
        assertEquals(30_000, window.batchTime());
        assertEquals(200, window.stops().size());
        assertEquals(51, window.more());
        assertEquals(List.of("huge", "s249", "s199", "s248"), window.stops().subList(0, 4).stream()
                .map(FleetStatus.Stop::id).toList(), "busiest first (a saturated sum still first), then by id");

        fleet.stops("occupancy", 300_000, Batch.copyOf(60_000, List.of(new FleetStatus.Stop("s1", 1, 0))));
        assertEquals(Map.of("occupancy", new FleetStatus.StopWindow(300_000, 60_000,
                List.of(new FleetStatus.Stop("s1", 1, 0)), 0)), fleet.stops());
        fleet.stops("occupancy", 300_000, Batch.empty(90_000));
        assertEquals(List.of(), fleet.stops().get("occupancy").stops(), "every count has left the window");
    }
}
