package dev.rivulet.ingest;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * At most so many distinct keys from one source ({@code sources.NAME.max-keys}). Every key a pipeline has seen stays
 * in its state (a bus's ledger, its last reading, its load), about 2 – 2.5 kB of heap each; a key taken from a field
 * that changes with every reading, or a publisher inventing bus ids, would grow the state until the heap is gone, and
 * since the readings were acknowledged and logged first, every restart would meet them again.
 *
 * <p>A reading of a key already admitted passes; of a new key, it is admitted while fewer than the limit are; past it,
 * refused ({@link #admit} false), and the caller dead-letters and acknowledges it. The decision is made before the
 * write-ahead log, so a replay after a crash never decides again and computes what the first run computed. The keys
 * admitted so far come from the store at start: the journal writes each key with the block that first logs one of its
 * readings, so a restart counts the keys the pipelines' state already holds, and a key whose reading was admitted but
 * never logged (the process died first, the reading unacknowledged) is decided again when it is redelivered.
 *
 * <p>Safe to call from several threads: the decision for a new key is taken under the limit's lock, a known key's
 * without one.
 */
public final class KeyLimit {

    /** No limit; keeps no keys. */
    public static final KeyLimit NONE = new KeyLimit("", 0, Set.of());

    private final String source;
    private final int limit;
    private final Set<String> admitted;
    private final LongAdder refused = new LongAdder();

    /**
     * At most {@code limit} keys from {@code source} (0: no limit, and no key is kept), counting from those
     * {@code admittedBefore} (read from the store at start). More keys than the limit may come from the store after
     * the limit was lowered: all stay admitted, and no new one is.
     */
    public KeyLimit(String source, int limit, Collection<String> admittedBefore) {
        if (limit < 0) {
            throw new IllegalArgumentException("a limit of " + limit + " keys");
        }
        this.source = source;
        this.limit = limit;
        this.admitted = ConcurrentHashMap.newKeySet(limit == 0 ? 0 : Math.max(16, admittedBefore.size()));
        if (limit > 0) {
            admitted.addAll(admittedBefore);
        }
    }

    /** Whether a reading of {@code key} may be taken; false (and counted) when it is new and the limit reached. */
    public boolean admit(String key) {
        if (limit == 0 || admitted.contains(key)) {
            return true;
        }
        synchronized (this) {
            if (admitted.size() < limit || admitted.contains(key)) {
                admitted.add(key);
                return true;
            }
        }
        refused.increment();
        return false;
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
        return admitted.size();
    }

    /** Readings refused since start because their key was new and the limit reached. */
    public long refused() {
        return refused.sum();
    }
}
