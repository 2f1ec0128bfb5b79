package dev.rivulet.sensors.mqtt;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Delays between attempts to reach a broker or server (sources reconnecting, the upstream forwarder retrying):
 * doubling from {@code initial} up to {@code max}, each drawn uniformly from the upper half of that bound
 * ("equal jitter"), so a fleet of gateways that lost the broker together does not come back in lockstep, and no
 * attempt follows the previous one immediately. Pure: the caller counts its attempts and does the waiting.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    /**
     * Jitter from a {@link SplittableRandom} of its own: in java.base and seeded without {@code SecureRandom}, where
     * {@code RandomGenerator.getDefault()} would load every generator the JDK registers at first use (a start's cost).
     */
    public Backoff(Duration initial, Duration max) {
        this(initial, max, new SplittableRandom());
    }

    /** Jitter from {@code random} (a seeded one in tests). */
    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("reconnect delays must satisfy 0 < initial <= max, were " + initial + " and " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before attempt {@code attempt} (0 for the first retry). */
    public long delayMillis(int attempt) {
        long bound = attempt >= 62 ? maxMillis : Math.min(maxMillis, initialMillis << Math.min(attempt, 30));
        long half = bound / 2;
        return half + random.nextLong(bound - half + 1);
    }
}
