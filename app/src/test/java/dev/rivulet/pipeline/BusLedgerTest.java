package dev.rivulet.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ledger's update on its own: a batch's events in event-time order, rejections counted per rule. */
class BusLedgerTest {

    private static DoorEvent event(long time, long in, long out) {
        return new DoorEvent(time, in, out, false, 100, null, null);
    }

    private static BusLedger.Ledger update(List<DoorEvent> events, Optional<BusLedger.Ledger> saved) {
        return BusLedger.update(events, saved, true).orElseThrow();
    }

    @Test
    void eventsAreAppliedInEventTimeOrderAndTiesInArrivalOrder() {
        // In time order: 5 on, then 3 off: 2 on board, nothing to correct.
        assertEquals(2, update(List.of(event(2, 0, 3), event(1, 5, 0)), Optional.empty()).occupancy());
        assertEquals(0, update(List.of(event(2, 0, 3), event(1, 5, 0)), Optional.empty()).corrections());
        assertEquals(2, update(List.of(event(1, 5, 0), event(2, 0, 3)), Optional.empty()).occupancy());
        // The same time: as they came, 3 off an empty bus (a correction of 3), then 5 on.
        BusLedger.Ledger tie = update(List.of(event(1, 0, 3), event(1, 5, 0)), Optional.empty());
        assertEquals(5, tie.occupancy());
        assertEquals(1, tie.corrections());
        assertEquals(3, tie.correctedPassengers());
    }

    @Test
    void rejectionsAddToTheSavedCountsPerRuleSortedByRule() {
        BusLedger.Ledger saved = update(List.of(new DoorEvent(1, 0, 0, false, 100, "where in >= 0", null)), Optional.empty());
        assertEquals(Map.of("where in >= 0", 1L), saved.rejected());
        BusLedger.Ledger after = update(List.of(
                new DoorEvent(2, 0, 0, false, 100, "where in >= 0", null),
                event(3, 150, 0),
                new DoorEvent(4, 0, 0, false, 100, "negative-count", null),
                new DoorEvent(5, 0, 0, false, 100, "where in >= 0", null)), Optional.of(saved));
        assertEquals(List.of("jump-over-crush-load", "negative-count", "where in >= 0"),
                List.copyOf(after.rejected().keySet()));
        assertEquals(List.of(1L, 1L, 3L), List.copyOf(after.rejected().values()));
        assertEquals(5, after.readings());
    }
}
