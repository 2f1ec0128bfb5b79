package dev.rivulet.ingest;

import dev.rivulet.sensors.Reading;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * At most so many distinct keys from one source ({@code sources.NAME.max-keys}). Every key a pipeline has seen stays
 * in its state (a bus's ledger, its last reading, its load), about 2 – 2.5 kB of heap each; a key taken from a field
 * that changes with every reading, or a publisher inventing bus ids, would grow the state until the heap is gone, and
 * since the readings were acknowledged and logged first, every restart would meet them again. The same holds for a
 * label a pipeline keys its state by (an aggregate's {@code key: label:stop}): each such label's values are limited
 * to as many, counted apart from the keys and from each other.
 *
 * <p>A reading whose key and keyed labels are all known passes; one bringing new values is admitted while each of
 * them has room, all of them together; past a limit it is refused ({@link #admit} returns the {@link Refusal}) and
 * the caller dead-letters and acknowledges it. The decision is made before the write-ahead log, so a replay after a
 * crash never decides again and computes what the first run computed. The values admitted so far come from the store
 * at start: the journal writes each with the block that first logs one of its readings, so a restart counts what the
 * pipelines' state already holds, and a value whose reading was admitted but never logged (the process died first,
 * the reading unacknowledged) is decided again when it is redelivered.
 *
 * <p>Safe to call from several threads: the decision for a new value is taken under the limit's lock, a known
 * reading's without one.
 */
public final class KeyLimit {

    /** No limit; keeps no keys. */
    public static final KeyLimit NONE = new KeyLimit("", 0, Set.of());

    /**
     * Why a reading was refused: its {@code value} of {@code what} ({@code key}, or {@code label 'stop'}) would have
     * been number {@code taken + 1}, past the limit.
     */
    public record Refusal(String what, String value, int taken) {
    }

    /** One thing counted: the readings' key ({@code label} null), or one label's values. */
    private record Counted(String label, Function<Reading, String> of, Set<String> admitted) {

        /** {@code key}, or {@code label 'stop'}: what a refusal names. */
        String what() {
            return label == null ? "key" : "label '" + label + "'";
        }
    }

    private final String source;
    private final int limit;
    /** The keys first, then each label counted. */
    private final List<Counted> counted;
    private final LongAdder refused = new LongAdder();

    /**
     * At most {@code limit} keys from {@code source} (0: no limit, and no key is kept), counting from those
     * {@code admittedBefore} (read from the store at start). More keys than the limit may come from the store after
     * the limit was lowered: all stay admitted, and no new one is.
     */
    public KeyLimit(String source, int limit, Collection<String> admittedBefore) {
        this(source, limit, admittedBefore, Map.of());
    }

    /**
     * As the three-argument form, and at most {@code limit} values of each label in {@code labelValuesBefore}'s
     * keys (the labels a pipeline keys its state by), counting from the values it maps them to.
     */
    public KeyLimit(String source, int limit, Collection<String> admittedBefore,
                    Map<String, ? extends Collection<String>> labelValuesBefore) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " keys");
        }
        this.source = source;
        this.limit = limit;
        List<Counted> all = new ArrayList<>(List.of(new Counted(null, Reading::key, admittedSet(limit, admittedBefore))));
        if (limit > 0) {
            labelValuesBefore.forEach((label, before) ->
                    all.add(new Counted(label, reading -> reading.label(label), admittedSet(limit, before))));
        }
        this.counted = List.copyOf(all);
    }

    private static Set<String> admittedSet(int limit, Collection<String> before) {
        Set<String> admitted = ConcurrentHashMap.newKeySet(limit == 0 ? 0 : Math.max(16, before.size()));
        if (limit > 0) {
            admitted.addAll(before);
        }
        return admitted;
    }

    /** Whether a reading of {@code key} may be taken; false (and counted) when it is new and the limit reached. */
    public boolean admit(String key) {
        if (limit == 0 || counted.get(0).admitted().contains(key)) {
            return true;
        }
        return take(c -> c.label() == null ? key : null) == null;
    }

    /**
     * Admits {@code reading} if its key and the labels counted are known or have room, taking their new values
     * together.
     *
     * @return null when admitted; else what it would have gone past (counted as refused)
     */
    public Refusal admit(Reading reading) {
        if (limit == 0) {
            return null;
        }
        for (Counted c : counted) {
            String value = c.of().apply(reading);
            if (value != null && !c.admitted().contains(value)) {
                return take(each -> each.of().apply(reading));
            }
        }
        return null;
    }

    /** The decision for a reading bringing a new value, under the lock: {@code valueOf} reads its value of each. */
    private synchronized Refusal take(Function<Counted, String> valueOf) {
        for (Counted c : counted) {
            String value = valueOf.apply(c);
            if (value != null && !c.admitted().contains(value) && c.admitted().size() >= limit) {
                refused.increment();
                return new Refusal(c.what(), value, c.admitted().size());
            }
        }
        for (Counted c : counted) {
            String value = valueOf.apply(c);
            if (value != null) {
                c.admitted().add(value);
            }
        }
        return null;
    }

    /** The source's name. */
    public String source() {
        return source;
    }

    /** The most keys admitted, 0 for no limit. */
    public int limit() {
        return limit;
    }

    /** Keys admitted, those read at start included; 0 without a limit. */
    public int admitted() {
        return counted.get(0).admitted().size();
    }

    /** Per label counted, the values admitted, those read at start included. */
    public Map<String, Long> labelValues() {
        Map<String, Long> values = new LinkedHashMap<>();
        for (Counted c : counted.subList(1, counted.size())) {
            values.put(c.label(), (long) c.admitted().size());
        }
        return values;
    }

    /** Readings refused since start because their key or a counted label's value was new and its limit reached. */
    public long refused() {
        return refused.sum();
    }
}
