package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * The records one stream produced for one batch time: Rivulet's RDD.
 *
 * <p>Immutable. The batch labelled {@code t} holds what arrived in {@code (t - interval, t]}.
 */
public final class Batch<T> implements Iterable<T> {

    private final long time;
    private final List<T> records;

    private Batch(long time, List<T> records) {
        this.time = time;
        this.records = records;
    }

    /**
     * Wraps a list the caller hands over and never touches again: no copy is made.
     * Engine-internal use; user code should call {@link #copyOf(long, List)}.
     */
    static <T> Batch<T> adopt(long time, List<T> records) {
        return new Batch<>(time, Collections.unmodifiableList(records));
    }

    /** A batch holding a copy of {@code records}. */
    public static <T> Batch<T> copyOf(long time, List<? extends T> records) {
        return new Batch<>(time, List.copyOf(records));
    }

    /** A batch with no records. */
    public static <T> Batch<T> empty(long time) {
        return new Batch<>(time, List.of());
    }

    /** Joins batches of the same time without copying their records. */
    static <T> Batch<T> concat(long time, List<Batch<T>> parts) {
        if (parts.isEmpty()) {
            return empty(time);
        }
        if (parts.size() == 1) {
            return new Batch<>(time, parts.get(0).records);
        }
        List<List<T>> lists = new ArrayList<>(parts.size());
        for (Batch<T> part : parts) {
            lists.add(part.records);
        }
        return new Batch<>(time, Collections.unmodifiableList(new ConcatenatedList<>(lists)));
    }

    /** The batch time in epoch milliseconds. */
    public long time() {
        return time;
    }

    /** The records, unmodifiable, in the order they were produced. */
    public List<T> records() {
        return records;
    }

    /** How many records the batch holds. */
    public int size() {
        return records.size();
    }

    /** Whether the batch holds no records. */
    public boolean isEmpty() {
        return records.isEmpty();
    }

    @Override
    public Iterator<T> iterator() {
        return records.iterator();
    }

    @Override
    public String toString() {
        return "Batch[" + time + " ms, " + records.size() + " records]";
    }
}
