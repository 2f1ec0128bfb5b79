package dev.rivulet.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A key of a kind (a source, output or pipeline kind), declared once: its name, its type, its default and its
 * meaning. A kind reads its keys through these declarations, so the default it uses is the one it declares, and
 * a test holds the sample {@code rivulet.yaml} to the same defaults.
 *
 * @param name     the key, e.g. {@code qos}
 * @param type     what a value looks like
 * @param fallback the default as the sample writes it; empty when the key has none (required, or absent means off)
 * @param meaning  one line for the README and the sample's comment
 */
public record Key(String name, Type type, String fallback, String meaning) {

    /** What a value looks like. */
    public enum Type { STRING, INTEGER, NUMBER, FRACTION, BOOLEAN, CHOICE, DURATION, LIST, MAP }

    /** Whether the key has a default. */
    public boolean hasDefault() {
        return !fallback.isEmpty();
    }

    /** Reads the key as a string that must be there; {@link #meaning()} says what to write when it is not. */
    public String required(ConfigNode node) {
        return node.required(name, meaning);
    }

    /** Reads the key as a whole number from {@code min} to {@code max}, the default when absent. */
    public int integer(ConfigNode node, int min, int max) {
        return node.integer(name, Integer.parseInt(fallback), min, max);
    }

    /** Reads the key as true or false, the default when absent. */
    public boolean bool(ConfigNode node) {
        return node.bool(name, Boolean.parseBoolean(fallback));
    }

    /** Reads the key as one of {@code choices}, the default when absent. */
    public String choice(ConfigNode node, List<String> choices) {
        return node.choice(name, fallback, choices.toArray(String[]::new));
    }

    /** Reads the key as a string; the default when absent, null when there is none. */
    public String string(ConfigNode node) {
        return node.string(name, hasDefault() ? fallback : null);
    }

    /** Reads the key as a number from {@code min} to {@code max}, the default when absent. */
    public double number(ConfigNode node, double min, double max) {
        return node.number(name, Double.parseDouble(fallback), min, max);
    }

    /** Reads the key as a share ({@code 1%} or {@code 0.01}), the default when absent. */
    public double fraction(ConfigNode node) {
        return node.fraction(name, defaultShare());
    }

    /** Reads the key as a share from {@code min} to {@code max} ({@code 150%} or {@code 1.5}), the default when absent. */
    public double share(ConfigNode node, double min, double max) {
        return node.share(name, defaultShare(), min, max, meaning);
    }

    private double defaultShare() {
        return fallback.endsWith("%")
                ? Double.parseDouble(fallback.substring(0, fallback.length() - 1)) / 100
                : Double.parseDouble(fallback);
    }

    /** Reads the key as a duration such as {@code 5ms}, the default when absent. */
    public Duration duration(ConfigNode node) {
        return node.duration(name, ConfigNode.parseDuration(fallback));
    }

    /** Reads the key as a list of strings, the default ({@code [in, out]}) when absent. */
    public List<String> strings(ConfigNode node) {
        String inner = fallback.substring(1, fallback.length() - 1).trim();
        return node.strings(name, inner.isEmpty() ? List.of() : Arrays.stream(inner.split(",")).map(String::trim).toList());
    }
}
