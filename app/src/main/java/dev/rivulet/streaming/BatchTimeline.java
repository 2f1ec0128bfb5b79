package dev.rivulet.streaming;

/**
 * Where the batch boundaries fall: labels on the batch grid, due times on the monotonic clock.
 *
 * <pre>
 *  wall clock at start ──► first batch time T = next multiple of B (Spark's rule); zero time = T − B
 *  monotonic clock     ──► boundary k due at start + (T − wall) + k·B, labelled T + k·B
 * </pre>
 *
 * Labels are computed, never read from the wall clock again, so an NTP jump changes nothing. A cursor walks the
 * boundaries in order; the scheduler seals each one when it is due.
 */
final class BatchTimeline {

    private final long intervalMillis;
    private final long firstBatchTime;
    private final long firstDueNanos;
    private long next;

    private BatchTimeline(long intervalMillis, long firstBatchTime, long firstDueNanos) {
        this.intervalMillis = intervalMillis;
        this.firstBatchTime = firstBatchTime;
        this.firstDueNanos = firstDueNanos;
    }

    /** A fresh start at wall time {@code wall}, monotonic time {@code now}. */
    static BatchTimeline fresh(long intervalMillis, long wall, long now) {
        long first = (Math.floorDiv(wall, intervalMillis) + 1) * intervalMillis;
        return new BatchTimeline(intervalMillis, first, now + (first - wall) * 1_000_000L);
    }

    /** Going on after batch {@code lastRun} (recovered and replayed), at wall time {@code wall}, monotonic {@code now}. */
    static BatchTimeline resumed(long intervalMillis, long lastRun, long wall, long now) {
        long first = lastRun + intervalMillis;
        // The next boundary is at most one interval away, even if the wall clock went back while stopped.
        return new BatchTimeline(intervalMillis, first,
                now + Math.max(0, Math.min(intervalMillis, first - wall)) * 1_000_000L);
    }

    /** The zero time of a fresh start: one interval before its first batch. */
    long zeroTime() {
        return firstBatchTime - intervalMillis;
    }

    /** The label of the next boundary. */
    long nextBatchTime() {
        return firstBatchTime + next * intervalMillis;
    }

    /** When the next boundary is due, on the monotonic clock. */
    long nextDueNanos() {
        return firstDueNanos + next * intervalMillis * 1_000_000L;
    }

    /** Moves the cursor past the next boundary (it was sealed). */
    void advance() {
        next++;
    }
}
