package dev.rivulet.baseline;

/**
 * What is usual for one key in one slot of the week.
 *
 * @param samples how many batch values the slot was computed from
 * @param median  the median of those values
 * @param high    their high quantile ({@link Baseline#quantile()})
 */
public record Usual(int samples, double median, double high) {
}
