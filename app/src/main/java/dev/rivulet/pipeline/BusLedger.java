package dev.rivulet.pipeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a bus-occupancy pipeline keeps per bus across batches ({@code updateStateByKey}, so checkpoints carry
 * it): the occupancy, and every count that says how far to trust it — readings rejected per rule, corrections
 * and their size, trips ended, a recent fault share.
 *
 * <p>A batch's door events are applied in event-time order. Per event:
 * <pre>
 *  rejected by a stateless rule ──────────────────────────────► counted under the rule; occupancy unchanged
 *  occupancy − out + in &gt; crush load ─ jump-over-crush-load ─► counted under the rule; occupancy unchanged
 *  occupancy − out + in &lt; 0 ────────────────────────────────► set to 0, a correction of the difference
 *  trip end ──────────────── after the alightings, before the boardings: set to 0, a correction of what was left
 * </pre>
 * So the occupancy never leaves [0, crush load], and every passenger added or removed by a correction is
 * counted: a large total means a door counter to check.
 *
 * <p>The state is a {@code Map<String, Long>} (names below) so the checkpoint codec needs nothing new.
 */
public final class BusLedger {

    static final String OCCUPANCY = "occupancy";
    static final String READINGS = "readings";
    static final String TRIP_ENDS = "tripEnds";
    static final String CORRECTIONS = "corrections";
    static final String CORRECTED_PASSENGERS = "correctedPassengers";
    static final String LARGEST_CORRECTION = "largestCorrection";
    static final String FAULT_SHARE_PPM = "faultSharePpm";
    static final String BATCH_IN = "batchIn";
    static final String BATCH_OUT = "batchOut";
    static final String BATCH_ACCEPTED = "batchAccepted";
    static final String REJECTED = "rejected:";

    /** The weight of the newest reading in the recent fault share: about the last eight readings count. */
    private static final double FAULT_WEIGHT = 1.0 / 8;

    private BusLedger() {
    }

    /** The {@code updateStateByKey} function. */
    static Optional<Map<String, Long>> update(List<DoorEvent> events, Optional<Map<String, Long>> previous,
                                              boolean rejectJumpOverCrush) {
        Map<String, Long> before = previous.orElse(Map.of());
        if (events.isEmpty() && before.getOrDefault(BATCH_IN, 0L) == 0 && before.getOrDefault(BATCH_OUT, 0L) == 0
                && before.getOrDefault(BATCH_ACCEPTED, 0L) == 0 && previous.isPresent()) {
            return previous;
        }
        Map<String, Long> state = new LinkedHashMap<>(before);
        state.put(BATCH_IN, 0L);
        state.put(BATCH_OUT, 0L);
        state.put(BATCH_ACCEPTED, 0L);
        List<DoorEvent> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong(DoorEvent::time));
        for (DoorEvent event : ordered) {
            apply(state, event, rejectJumpOverCrush);
        }
        state.putIfAbsent(OCCUPANCY, 0L);
        return Optional.of(state);
    }

    private static void apply(Map<String, Long> state, DoorEvent event, boolean rejectJumpOverCrush) {
        long occupancy = state.getOrDefault(OCCUPANCY, 0L);
        state.merge(READINGS, 1L, Long::sum);
        String rejectedBy = event.rejectedBy();
        long afterOut = Saturating.subtract(occupancy, event.out());
        long after = Saturating.add(afterOut, event.in());
        if (rejectedBy == null && rejectJumpOverCrush && !event.tripEnd() && after > event.crushLoad()) {
            rejectedBy = OccupancySettings.JUMP_OVER_CRUSH_LOAD;
        }
        fault(state, rejectedBy != null);
        if (rejectedBy != null) {
            state.merge(REJECTED + rejectedBy, 1L, Long::sum);
            if (event.tripEnd()) {
                // The counts are not to be trusted, the end of the trip is.
                correct(state, occupancy);
                state.merge(TRIP_ENDS, 1L, Long::sum);
                state.put(OCCUPANCY, 0L);
            }
            return;
        }
        state.merge(BATCH_IN, event.in(), Saturating::add);
        state.merge(BATCH_OUT, event.out(), Saturating::add);
        state.merge(BATCH_ACCEPTED, 1L, Long::sum);
        if (event.tripEnd()) {
            correct(state, afterOut);
            state.merge(TRIP_ENDS, 1L, Long::sum);
            after = event.in();
        } else if (after < 0) {
            // The net change is applied, as a counter reporting both doors of a stop at once cannot say which came first.
            correct(state, after);
            after = 0;
        }
        if (after > event.crushLoad()) {
            // Only with jump-over-crush-load off, or boarding at a trip end: never above the crush load.
            correct(state, after - event.crushLoad());
            after = event.crushLoad();
        }
        state.put(OCCUPANCY, after);
    }

    /** Counts a correction of {@code size} passengers (removed when positive, added when negative). */
    private static void correct(Map<String, Long> state, long size) {
        if (size == 0) {
            return;
        }
        long magnitude = size == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(size);
        state.merge(CORRECTIONS, 1L, Long::sum);
        state.merge(CORRECTED_PASSENGERS, magnitude, Saturating::add);
        state.merge(LARGEST_CORRECTION, magnitude, Math::max);
    }

    private static void fault(Map<String, Long> state, boolean faulty) {
        double share = state.getOrDefault(FAULT_SHARE_PPM, 0L) / 1e6;
        share = share * (1 - FAULT_WEIGHT) + (faulty ? FAULT_WEIGHT : 0);
        state.put(FAULT_SHARE_PPM, Math.round(share * 1e6));
    }

    /** Passengers on board. */
    static long occupancy(Map<String, Long> state) {
        return state.getOrDefault(OCCUPANCY, 0L);
    }

    /** Readings rejected per rule since the bus was first seen, by rule name. */
    static Map<String, Long> rejected(Map<String, Long> state) {
        Map<String, Long> rejected = new TreeMap<>();
        state.forEach((name, count) -> {
            if (name.startsWith(REJECTED)) {
                rejected.put(name.substring(REJECTED.length()), count);
            }
        });
        return rejected;
    }

    static long get(Map<String, Long> state, String name) {
        return state.getOrDefault(name, 0L);
    }

    /** The share of the bus's recent readings rejected, from 0 to 1. */
    static double faultShare(Map<String, Long> state) {
        return state.getOrDefault(FAULT_SHARE_PPM, 0L) / 1e6;
    }
}
