package dev.rivulet.baseline;

/**
 * Sample quantiles by definition 7 of Hyndman and Fan ("Sample Quantiles in Statistical Packages", 1996), the
 * default of R and NumPy and Excel's PERCENTILE.INC: the value at rank {@code h = (n - 1) p}, interpolated linearly
 * between the two values around it. The median is {@code p = 0.5}.
 */
final class Quantiles {

    private Quantiles() {
    }

    /**
     * The {@code p} quantile of the first {@code n} values of {@code sorted}, which are in ascending order.
     *
     * @throws IllegalArgumentException when {@code n} is 0 or {@code p} is outside 0 to 1
     */
    static double of(double[] sorted, int n, double p) {
        if (n <= 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a quantile needs samples and p from 0 to 1; n " + n + ", p " + p);
        }
        double h = (n - 1) * p;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, n - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
