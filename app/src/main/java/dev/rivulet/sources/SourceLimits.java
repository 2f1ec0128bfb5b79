package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;

/**
 * What every source may hold and take, whatever its kind: the keys {@link SourceKinds#BUFFER},
 * {@link SourceKinds#MAX_RATE} and {@link SourceKinds#MAX_KEYS}.
 *
 * @param buffer  readings buffered before the source is slowed down
 * @param maxRate readings a second taken at most, 0 for no limit
 * @param maxKeys distinct keys taken at most, 0 for no limit
 */
public record SourceLimits(int buffer, int maxRate, int maxKeys) {

    /** Reads the three keys of {@code sources.NAME}, each with its default. */
    static SourceLimits read(ConfigNode node) {
        return new SourceLimits(SourceKinds.BUFFER.integer(node, 16, 10_000_000),
                SourceKinds.MAX_RATE.integer(node, 0, 10_000_000), SourceKinds.MAX_KEYS.integer(node, 0, 10_000_000));
    }
}
