package dev.rivulet.streaming;

/**
 * A key and a value: the record type of a {@link PairDStream}, Spark's {@code Tuple2}.
 *
 * @param key   the key; may be any type with consistent {@code equals} and {@code hashCode}
 * @param value the value
 */
public record Pair<K, V>(K key, V value) {

    /** Shorthand for {@code new Pair<>(key, value)}. */
    public static <K, V> Pair<K, V> of(K key, V value) {
        return new Pair<>(key, value);
    }

    @Override
    public String toString() {
        return "(" + key + "," + value + ")";
    }
}
