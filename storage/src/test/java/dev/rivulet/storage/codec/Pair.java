package dev.rivulet.storage.codec;

/**
 * Two values, as encoded by {@link Codecs#pairOf}.
 *
 * @param first  the first value
 * @param second the second value
 * @param <A>    type of the first value
 * @param <B>    type of the second value
 */
public record Pair<A, B>(A first, B second) {
}
