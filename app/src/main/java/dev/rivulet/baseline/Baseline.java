package dev.rivulet.baseline;

import java.util.HashMap;
import java.util.Map;

/**
 * Each key's usual value of one signal by slot of the week: what a baseline file holds.
 *
 * @param signal   the signal it was computed from, {@code PIPELINE.SIGNAL}
 * @param by       {@code key} when each key (bus) has its own, {@code route} when keys were grouped by route
 * @param slots    the slots of the week
 * @param quantile the high quantile computed, from 0 to 1 (e.g. 0.9)
 * @param from     the earliest batch time of the history (epoch ms)
 * @param to       the latest batch time of the history (epoch ms)
 * @param usual    per key (or route), per slot number, what is usual; slots without samples are absent
 */
public record Baseline(String signal, String by, WeekSlots slots, double quantile, long from, long to,
                       Map<String, Map<Integer, Usual>> usual) {

    /** {@link #by()} when each key has its own baseline. */
    public static final String BY_KEY = "key";
    /** {@link #by()} when keys were grouped by route. */
    public static final String BY_ROUTE = "route";

    /** Copies the map. */
    public Baseline {
        Map<String, Map<Integer, Usual>> copy = new HashMap<>();
        usual.forEach((key, bySlot) -> copy.put(key, Map.copyOf(bySlot)));
        usual = Map.copyOf(copy);
    }

    /** What is usual for {@code key} (a key or a route, as {@link #by()} says) at {@code epochMillis}; null: unknown. */
    public Usual at(String key, long epochMillis) {
        return inSlot(key, slots.slotOf(epochMillis));
    }

    /** What is usual for {@code key} in slot {@code slot} of {@link #slots()}; null: unknown. */
    public Usual inSlot(String key, int slot) {
        Map<Integer, Usual> bySlot = usual.get(key);
        return bySlot == null ? null : bySlot.get(slot);
    }
}
