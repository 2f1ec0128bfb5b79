package dev.rivulet.pipeline;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.status.RuleCounts;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
 * <p>The state is a {@link Ledger} record, checkpointed by the codec this class registers (tag 17). Checkpoints of
 * format 2 and before hold it as a {@code Map<String, Long>} under the names below: {@link Ledger#upgrade} reads
 * those, so a gateway updated in place goes on from its buses' counts.
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

    /** The tag of a {@link Ledger} in a checkpoint (RecordCodec's table). */
    public static final int LEDGER_TAG = 17;

    /**
     * One bus's ledger after a batch.
     *
     * @param occupancy           passengers on board
     * @param readings            door readings seen
     * @param tripEnds            trips ended
     * @param corrections         corrections of the occupancy
     * @param correctedPassengers passengers those corrections added or removed
     * @param largestCorrection   the largest single correction
     * @param faultSharePpm       the recent share of rejected readings, in millionths
     * @param batchIn             boardings accepted in the last batch
     * @param batchOut            alightings accepted in the last batch
     * @param batchAccepted       door readings accepted in the last batch
     * @param rejected            readings rejected per rule since the bus was first seen
     */
    public record Ledger(long occupancy, long readings, long tripEnds, long corrections, long correctedPassengers,
                         long largestCorrection, long faultSharePpm, long batchIn, long batchOut, long batchAccepted,
                         Map<String, Long> rejected) {

        /** The rejected counts as {@link RuleCounts}: sorted by rule, unchangeable, copied only when they are not already. */
        public Ledger {
            rejected = RuleCounts.of(rejected);
        }

        /** A ledger from a checkpoint: this record, or the name-to-count map of format 2 and before. */
        static Ledger upgrade(Object saved) {
            if (saved instanceof Ledger ledger) {
                return ledger;
            }
            if (saved instanceof Map<?, ?> map) {
                Map<String, Long> names = new LinkedHashMap<>();
                map.forEach((name, count) -> names.put((String) name, (Long) count));
                return of(names);
            }
            throw new IllegalStateException("a bus ledger in the checkpoint is " + saved.getClass().getName()
                    + ", neither a ledger nor the map of format 2");
        }

        static Ledger of(Map<String, Long> state) {
            return new Ledger(get(state, OCCUPANCY), get(state, READINGS), get(state, TRIP_ENDS), get(state, CORRECTIONS),
                    get(state, CORRECTED_PASSENGERS), get(state, LARGEST_CORRECTION), get(state, FAULT_SHARE_PPM),
                    get(state, BATCH_IN), get(state, BATCH_OUT), get(state, BATCH_ACCEPTED), BusLedger.rejected(state));
        }

        /** The share of the bus's recent readings rejected, from 0 to 1. */
        public double faultShare() {
            return faultSharePpm / 1e6;
        }
    }

    private BusLedger() {
    }

    /** Makes {@link Ledger}s checkpointable in {@code codec}: ten longs, then the rejected counts (int, rule UTF, long). */
    public static RecordCodec registerCodec(RecordCodec codec) {
        return codec.registerBuiltIn(LEDGER_TAG, Ledger.class, new RecordCodec.NestedCodec<>() {
            @Override
            public void write(Ledger ledger, RecordCodec records, DataOutput out) throws IOException {
                for (long value : new long[] {ledger.occupancy(), ledger.readings(), ledger.tripEnds(),
                        ledger.corrections(), ledger.correctedPassengers(), ledger.largestCorrection(),
                        ledger.faultSharePpm(), ledger.batchIn(), ledger.batchOut(), ledger.batchAccepted()}) {
                    out.writeLong(value);
                }
                out.writeInt(ledger.rejected().size());
                for (Map.Entry<String, Long> rule : ledger.rejected().entrySet()) {
                    out.writeUTF(rule.getKey());
                    out.writeLong(rule.getValue());
                }
            }

            @Override
            public Ledger read(RecordCodec records, DataInput in) throws IOException {
                long[] v = new long[10];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readLong();
                }
                int rules = in.readInt();
                Map<String, Long> rejected = new TreeMap<>();
                for (int i = 0; i < rules; i++) {
                    rejected.put(in.readUTF(), in.readLong());
                }
                return new Ledger(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], rejected);
            }
        });
    }

    /**
     * The {@code updateStateByKey} function. {@code previous} is read as whatever the checkpoint held ({@link
     * Ledger#upgrade}): a gateway resuming from a checkpoint of format 2 finds name-to-count maps there.
     */
    static Optional<Ledger> update(List<DoorEvent> events, Optional<?> previous, boolean rejectJumpOverCrush) {
        Optional<Ledger> saved = previous.map(Ledger::upgrade);
        if (events.isEmpty() && saved.isPresent() && saved.get().batchIn() == 0 && saved.get().batchOut() == 0
                && saved.get().batchAccepted() == 0) {
            return saved;
        }
        Tally tally = new Tally(saved.orElse(EMPTY));
        List<DoorEvent> ordered = events;
        if (!inTimeOrder(events)) {
            ordered = new ArrayList<>(events);
            ordered.sort(Comparator.comparingLong(DoorEvent::time));
        }
        for (int i = 0; i < ordered.size(); i++) {
            tally.apply(ordered.get(i), rejectJumpOverCrush);
        }
        return Optional.of(tally.ledger());
    }

    /** Whether the events are already in event-time order, as a counter sends them: then a stable sort keeps them. */
    private static boolean inTimeOrder(List<DoorEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).time() < events.get(i - 1).time()) {
                return false;
            }
        }
        return true;
    }

    private static final Ledger EMPTY = new Ledger(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

    /** A ledger while a batch's events are applied to it: its counts as fields, the batch's counts from zero. */
    private static final class Tally {
        private long occupancy;
        private long readings;
        private long tripEnds;
        private long corrections;
        private long correctedPassengers;
        private long largestCorrection;
        private long faultSharePpm;
        private long batchIn;
        private long batchOut;
        private long batchAccepted;
        /** The counts before the batch, handed on as they are while no reading of the batch is rejected. */
        private final Map<String, Long> rejectedBefore;
        /**
         * Per rule, a counter (not a boxed Long made again for every rejected reading), from the batch's first rejected
         * reading on; null before.
         */
        private Map<String, long[]> rejected;

        Tally(Ledger before) {
            occupancy = before.occupancy();
            readings = before.readings();
            tripEnds = before.tripEnds();
            corrections = before.corrections();
            correctedPassengers = before.correctedPassengers();
            largestCorrection = before.largestCorrection();
            faultSharePpm = before.faultSharePpm();
            rejectedBefore = before.rejected();
        }

        Ledger ledger() {
            Map<String, Long> counts = rejectedBefore;
            if (rejected != null) {
                counts = new TreeMap<>();
                for (Map.Entry<String, long[]> rule : rejected.entrySet()) {
                    counts.put(rule.getKey(), rule.getValue()[0]);
                }
            }
            return new Ledger(occupancy, readings, tripEnds, corrections, correctedPassengers, largestCorrection,
                    faultSharePpm, batchIn, batchOut, batchAccepted, counts);
        }

        void apply(DoorEvent event, boolean rejectJumpOverCrush) {
            readings++;
            String rejectedBy = event.rejectedBy();
            long afterOut = Saturating.subtract(occupancy, event.out());
            long after = Saturating.add(afterOut, event.in());
            if (rejectedBy == null && rejectJumpOverCrush && !event.tripEnd() && after > event.crushLoad()) {
                rejectedBy = OccupancySettings.JUMP_OVER_CRUSH_LOAD;
            }
            fault(rejectedBy != null);
            if (rejectedBy != null) {
                if (rejected == null) {
                    rejected = new TreeMap<>();
                    rejectedBefore.forEach((rule, count) -> rejected.put(rule, new long[] {count}));
                }
                rejected.computeIfAbsent(rejectedBy, rule -> new long[1])[0]++;
                if (event.tripEnd()) {
                    // The counts are not to be trusted, the end of the trip is.
                    correct(occupancy);
                    tripEnds++;
                    occupancy = 0;
                }
                return;
            }
            batchIn = Saturating.add(batchIn, event.in());
            batchOut = Saturating.add(batchOut, event.out());
            batchAccepted++;
            if (event.tripEnd()) {
                correct(afterOut);
                tripEnds++;
                after = event.in();
            } else if (after < 0) {
                // The net change is applied, as a counter reporting both doors of a stop at once cannot say which came
                // first.
                correct(after);
                after = 0;
            }
            if (after > event.crushLoad()) {
                // Only with jump-over-crush-load off, or boarding at a trip end: never above the crush load.
                correct(after - event.crushLoad());
                after = event.crushLoad();
            }
            occupancy = after;
        }

        /** Counts a correction of {@code size} passengers (removed when positive, added when negative). */
        private void correct(long size) {
            if (size == 0) {
                return;
            }
            long magnitude = size == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(size);
            corrections++;
            correctedPassengers = Saturating.add(correctedPassengers, magnitude);
            largestCorrection = Math.max(largestCorrection, magnitude);
        }

        private void fault(boolean faulty) {
            double share = faultSharePpm / 1e6;
            share = share * (1 - FAULT_WEIGHT) + (faulty ? FAULT_WEIGHT : 0);
            faultSharePpm = Math.round(share * 1e6);
        }
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

}
