package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import java.time.Duration;

/**
 * What every source may hold and take, whatever its kind: the keys {@link SourceKinds#BUFFER},
 * {@link SourceKinds#MAX_RATE} and {@link SourceKinds#MAX_KEYS}.
 *
 * @param buffer  readings buffered before the source is slowed down
 * @param maxRate readings a second taken at most, 0 for no limit, {@link #DEFAULT_RATE} when not set: then
 *                {@link #maxRate(Duration)} decides from the batch interval
 * @param maxKeys distinct keys taken at most, 0 for no limit
 */
public record SourceLimits(int buffer, int maxRate, int maxKeys) {

    /** {@code max-rate} not set. */
    public static final int DEFAULT_RATE = -1;
    /**
     * Readings a batch may hold by default: the engine holds a batch's readings until it is computed, and the unit's
     * 48 MiB heap holds about 100,000 (docs/BENCHMARKS.md, "A large file in a directory source").
     */
    public static final int DEFAULT_PER_BATCH = 60_000;

    /** Reads the three keys of {@code sources.NAME}, each with its default. */
    static SourceLimits read(ConfigNode node) {
        int rate = node.has(SourceKinds.MAX_RATE.name()) ? SourceKinds.MAX_RATE.integer(node, 0, 10_000_000) : DEFAULT_RATE;
        return new SourceLimits(SourceKinds.BUFFER.integer(node, 16, 10_000_000), rate,
                SourceKinds.MAX_KEYS.integer(node, 0, 10_000_000));
    }

    /**
     * Readings a second taken at most with batches of {@code batchInterval}, 0 for no limit: {@code max-rate} when
     * set; else {@value #DEFAULT_PER_BATCH} a second, and fewer with batches longer than a second, so that a batch
     * holds at most {@value #DEFAULT_PER_BATCH}.
     */
    public int maxRate(Duration batchInterval) {
        if (maxRate != DEFAULT_RATE) {
            return maxRate;
        }
        long perSecond = DEFAULT_PER_BATCH * 1000L / Math.max(1000, batchInterval.toMillis());
        return (int) Math.max(1, perSecond);
    }

    /** Readings a batch of {@code batchInterval} may hold at the rate {@link #maxRate(Duration)}; 0 for no limit. */
    public long perBatch(Duration batchInterval) {
        return (long) maxRate(batchInterval) * batchInterval.toMillis() / 1000;
    }
}
