package dev.rivulet.baseline;

import java.util.Arrays;

/**
 * The values of one key in one slot of the week, for exact quantiles in little memory: the distinct values sorted,
 * each with how often it came, and the newest values in a small buffer merged in when it fills. A load is a
 * number of passengers over the seats, so a bus's month of 10 s batches (about 1,500 values a slot) holds a few
 * dozen distinct values: a few hundred bytes instead of 12 KB. Values that are all different cost about 16 bytes
 * each, and the buffer grows with them so that merging stays cheap.
 *
 * <p>Quantiles are definition 7 of Hyndman and Fan ("Sample Quantiles in Statistical Packages", 1996), the default
 * of R and NumPy and Excel's PERCENTILE.INC: the value at rank {@code h = (n - 1) p} (from 0), interpolated linearly
 * between the two values around it. The median is {@code p = 0.5}.
 */
final class ValueCounts {

    private static final int SMALLEST_MERGE = 64;

    private double[] values = new double[0];
    private long[] counts = new long[0];
    private int distinct;
    private double[] pending = new double[8];
    private int pendingSize;
    private long size;

    /** Adds one value; NaN is the caller's to leave out. */
    void add(double value) {
        if (pendingSize == pending.length) {
            if (pendingSize >= Math.max(SMALLEST_MERGE, distinct / 4)) {
                merge();
            } else {
                pending = Arrays.copyOf(pending, pendingSize * 2);
            }
        }
        pending[pendingSize++] = value;
        size++;
    }

    /** How many values were added. */
    long size() {
        return size;
    }

    /**
     * The {@code p} quantile of the values added (see the class comment).
     *
     * @throws IllegalArgumentException when none was added or {@code p} is outside 0 to 1
     */
    double quantile(double p) {
        if (size == 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a quantile needs values and p from 0 to 1; " + size + " values, p " + p);
        }
        merge();
        double h = (size - 1) * p;
        long below = (long) Math.floor(h);
        double low = valueAt(below);
        double high = below + 1 < size ? valueAt(below + 1) : low;
        return low + (h - below) * (high - low);
    }

    /** The value at {@code rank} (from 0) of the values in ascending order. */
    private double valueAt(long rank) {
        long seen = 0;
        for (int i = 0; i < distinct; i++) {
            seen += counts[i];
            if (rank < seen) {
                return values[i];
            }
        }
        throw new IllegalStateException("rank " + rank + " of " + size);
    }

    /** Sorts the buffer into the distinct values and their counts. */
    private void merge() {
        if (pendingSize == 0) {
            return;
        }
        Arrays.sort(pending, 0, pendingSize);
        double[] mergedValues = new double[distinct + pendingSize];
        long[] mergedCounts = new long[distinct + pendingSize];
        int merged = 0;
        int i = 0;
        int j = 0;
        while (i < distinct || j < pendingSize) {
            double next = j >= pendingSize || (i < distinct && values[i] <= pending[j]) ? values[i] : pending[j];
            long count = 0;
            while (i < distinct && values[i] == next) {
                count += counts[i++];
            }
            while (j < pendingSize && pending[j] == next) {
                count++;
                j++;
            }
            mergedValues[merged] = next;
            mergedCounts[merged++] = count;
        }
        values = Arrays.copyOf(mergedValues, merged);
        counts = Arrays.copyOf(mergedCounts, merged);
        distinct = merged;
        pendingSize = 0;
        if (pending.length > SMALLEST_MERGE && pending.length > distinct / 2) {
            // Values that repeat: the buffer need not stay as large as it once grew.
            pending = new double[SMALLEST_MERGE];
        }
    }
}
