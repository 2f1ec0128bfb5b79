package dev.rivulet.config;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A declared kind of one family of the configuration — a source, output, pipeline or alert kind: the {@code type}
 * that names it, its keys besides {@code type} ({@link Key}, checked against the sample), and how its record is
 * read. Each family lists its kinds once (e.g. {@code SourceKinds.KINDS}) and reads {@code NAME.type} through
 * {@link #read}.
 *
 * @param <T> the family's sealed type
 */
public record Kind<T>(String type, List<Key> keys, BiFunction<String, ConfigNode, T> reader) {

    /**
     * Reads {@code node}'s {@code type} among {@code kinds}, then the record of that kind. {@code fallback} is the
     * kind of an entry without a type; null makes the type required. Null when the type is missing or unknown
     * (the problem is recorded at the key, with the choices).
     */
    public static <T> T read(String name, ConfigNode node, List<Kind<T>> kinds, Kind<T> fallback) {
        String type = node.choice("type", fallback == null ? null : fallback.type(),
                kinds.stream().map(Kind::type).toArray(String[]::new));
        for (Kind<T> kind : kinds) {
            if (kind.type().equals(type)) {
                return kind.reader().apply(name, node);
            }
        }
        return null;
    }
}
