package dev.rivulet.baseline;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Collects a signal's value per key and batch over recorded history and computes, per key (or route) and slot of
 * the week, the median and the high quantile of the values that fell in that slot, exactly ({@link ValueCounts}).
 * Every batch of every key is a sample: with 10 s batches and 1 h slots, a bus gives 360 samples to a slot each
 * week.
 */
public final class BaselineBuilder {

    private final WeekSlots slots;
    private final double quantile;
    private final UnaryOperator<String> group;
    private final Map<String, ValueCounts[]> samples = new HashMap<>();
    private long from = Long.MAX_VALUE;
    private long to = Long.MIN_VALUE;
    private long count;
    private long lastTime = Long.MIN_VALUE;
    private int lastSlot;

    /**
     * @param slots    the slots of the week
     * @param quantile the high quantile, from 0 to 1
     * @param group    the key a sample counts for: the key itself, or its route
     */
    public BaselineBuilder(WeekSlots slots, double quantile, UnaryOperator<String> group) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("the quantile must be from 0 to 1, was " + quantile);
        }
        this.slots = slots;
        this.quantile = quantile;
        this.group = group;
    }

    /** One key's value at one batch; a value that is not a number (NaN) is not a sample. */
    public void add(long batchTime, String key, double value) {
        if (Double.isNaN(value)) {
            return;
        }
        if (batchTime != lastTime) {
            // Every key of a batch has the same time: the zone's rules are looked up once a batch.
            lastTime = batchTime;
            lastSlot = slots.slotOf(batchTime);
            from = Math.min(from, batchTime);
            to = Math.max(to, batchTime);
        }
        ValueCounts[] bySlot = samples.computeIfAbsent(group.apply(key), k -> new ValueCounts[slots.count()]);
        if (bySlot[lastSlot] == null) {
            bySlot[lastSlot] = new ValueCounts();
        }
        bySlot[lastSlot].add(value);
        count++;
    }

    /** Samples taken so far. */
    public long samples() {
        return count;
    }

    /** Keys (or routes) seen so far. */
    public int keys() {
        return samples.size();
    }

    /**
     * The baseline of what was added.
     *
     * @param signal the signal's path, {@code PIPELINE.SIGNAL}, written in the file
     * @param by     {@link Baseline#BY_KEY} or {@link Baseline#BY_ROUTE}
     * @throws IllegalStateException when nothing was added
     */
    public Baseline build(String signal, String by) {
        if (count == 0) {
            throw new IllegalStateException("the history gave no value of " + signal + ": nothing to build a baseline"
                    + " from (do the recordings hold readings the configuration's sources take?)");
        }
        Map<String, Map<Integer, Usual>> usual = new LinkedHashMap<>();
        new TreeMap<>(samples).forEach((key, bySlot) -> {
            Map<Integer, Usual> slotsOfKey = new TreeMap<>();
            for (int slot = 0; slot < bySlot.length; slot++) {
                ValueCounts values = bySlot[slot];
                if (values != null) {
                    slotsOfKey.put(slot, new Usual((int) Math.min(Integer.MAX_VALUE, values.size()), values.quantile(0.5),
                            values.quantile(quantile)));
                }
            }
            usual.put(key, slotsOfKey);
        });
        return new Baseline(signal, by, slots, quantile, from, to, usual);
    }
}
