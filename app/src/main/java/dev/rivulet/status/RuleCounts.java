package dev.rivulet.status;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Readings left out per rule: sorted by rule and unchangeable, so a bus's counts pass from its ledger to its load,
 * its summary row and the status page as they are, never copied. A bus's ledger, load and row are made again at
 * every batch, and the counts change only when a reading is rejected.
 */
public final class RuleCounts extends AbstractMap<String, Long> {

    private static final RuleCounts NONE = new RuleCounts(new String[0], new long[0]);

    private final String[] rules;
    private final long[] counts;

    private RuleCounts(String[] rules, long[] counts) {
        this.rules = rules;
        this.counts = counts;
    }

    /** {@code counts} itself when it is already one, else a sorted copy. */
    public static RuleCounts of(Map<String, Long> counts) {
        if (counts instanceof RuleCounts same) {
            return same;
        }
        if (counts.isEmpty()) {
            return NONE;
        }
        // A ledger's new counts come in a map sorted by rule already: sorted again only when they do not.
        SortedMap<String, Long> sorted = counts instanceof SortedMap<String, Long> ordered && ordered.comparator() == null
                ? ordered : new TreeMap<>(counts);
        String[] rules = new String[sorted.size()];
        long[] values = new long[sorted.size()];
        int i = 0;
        for (Map.Entry<String, Long> entry : sorted.entrySet()) {
            rules[i] = entry.getKey();
            values[i++] = entry.getValue();
        }
        return new RuleCounts(rules, values);
    }

    @Override
    public int size() {
        return rules.length;
    }

    @Override
    public boolean containsKey(Object rule) {
        return indexOf(rule) >= 0;
    }

    @Override
    public Long get(Object rule) {
        int i = indexOf(rule);
        return i < 0 ? null : counts[i];
    }

    private int indexOf(Object rule) {
        return rule instanceof String name ? Math.max(-1, Arrays.binarySearch(rules, name)) : -1;
    }

    @Override
    public Set<Map.Entry<String, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return rules.length;
            }

            @Override
            public Iterator<Map.Entry<String, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < rules.length;
                    }

                    @Override
                    public Map.Entry<String, Long> next() {
                        if (next >= rules.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(rules[i], counts[i]);
                    }
                };
            }
        };
    }
}
