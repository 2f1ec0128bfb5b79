package dev.rivulet.pipeline;

/**
 * Sums of counts that stop at {@link Long#MAX_VALUE} or {@link Long#MIN_VALUE} instead of wrapping round: two
 * readings of 9e18 make the largest long, never a negative occupancy. The decoders' {@code max-magnitude}
 * keeps real sums far from either end; this is the guard for a limit set wide.
 *
 * <p>Once a windowed sum has saturated, subtracting the batch that leaves the window no longer gives the exact
 * sum back: it stays a huge number, which is the honest answer to absurd input.
 */
public final class Saturating {

    private Saturating() {
    }

    /** {@code a + b}, held at the largest or smallest long when it would overflow. */
    public static long add(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** {@code a - b}, held at the largest or smallest long when it would overflow. */
    public static long subtract(long a, long b) {
        long difference = a - b;
        if (((a ^ b) & (a ^ difference)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return difference;
    }
}
