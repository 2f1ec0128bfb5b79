package dev.rivulet.alerts;

import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineWatch;
import dev.rivulet.baseline.Usual;
import java.util.Locale;

/**
 * A {@link BusierThanUsualAlert}'s yardstick: a key's number minus the usual high quantile of its slot of the week,
 * so the rule's margin is its high. Nothing to compare with (no baseline, a key or slot it does not know, too few
 * samples) is NaN: the key's alert state waits.
 */
final class UsualYardstick implements Yardstick {

    private final BusierThanUsualAlert rule;
    private final BaselineWatch watch;
    private long slotTime = Long.MIN_VALUE;
    private int slot;

    UsualYardstick(BusierThanUsualAlert rule, BaselineWatch watch) {
        this.rule = rule;
        this.watch = watch;
    }

    @Override
    public double measure(String key, long batchTime, double number) {
        Usual usual = usual(key, batchTime);
        return usual == null ? Double.NaN : number - usual.high();
    }

    @Override
    public String explain(String key, long batchTime, double number) {
        Usual usual = usual(key, batchTime);
        if (usual == null) {
            return "";
        }
        Baseline baseline = watch.current();
        String group = rule.history().groupOf(key);
        return String.format(Locale.ROOT, "; usually up to %.2f on %s%s (%.0f%% quantile of %d batches, median %.2f)",
                usual.high(), baseline.slots().label(slot), group.equals(key) ? "" : " on " + group,
                baseline.quantile() * 100, usual.samples(), usual.median());
    }

    private Usual usual(String key, long batchTime) {
        Baseline baseline = watch.at(batchTime);
        if (baseline == null) {
            return null;
        }
        if (batchTime != slotTime) {
            slotTime = batchTime;
            slot = baseline.slots().slotOf(batchTime);
        }
        Usual usual = baseline.inSlot(rule.history().groupOf(key), slot);
        return usual == null || usual.samples() < rule.history().minSamples() ? null : usual;
    }
}
