package dev.rivulet.config;

import dev.rivulet.ops.SecretValues;
import dev.rivulet.ops.Secrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping being read into settings. Each read names the key, its default and what a valid value
 * looks like; a bad value is recorded as a {@link ConfigProblem} and the default used, so one pass reports
 * every problem in the file. Keys nobody read are reported too, with the closest known key. What the file may
 * run with but should not say is a warning ({@link #warn}).
 */
public final class ConfigNode {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final String path;
    private final Map<String, Object> values;
    private final List<ConfigProblem> problems;
    private final List<String> warnings;
    private final Set<String> read = new LinkedHashSet<>();

    /** A section at {@code path} holding {@code values}; problems and warnings go to the lists shared by the file. */
    public ConfigNode(String path, Map<String, Object> values, List<ConfigProblem> problems, List<String> warnings) {
        this.path = path;
        this.values = values;
        this.problems = problems;
        this.warnings = warnings;
    }

    /** An empty mapping: what a kind reads its defaults from. */
    public static ConfigNode empty() {
        return new ConfigNode("", Map.of(), new ArrayList<>(), new ArrayList<>());
    }

    /** The path of this mapping, e.g. {@code pipelines.occupancy}. */
    public String path() {
        return path;
    }

    /** The path of one of its keys. */
    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Records a problem with {@code key}. */
    public void problem(String key, String message) {
        problems.add(new ConfigProblem(pathOf(key), message));
    }

    /** Records a warning about {@code key}: the file still loads; check-config prints it and the gateway logs it. */
    public void warn(String key, String message) {
        warnings.add(pathOf(key) + ": " + message);
    }

    /** Whether the key is present. */
    public boolean has(String key) {
        read.add(key);
        return values.containsKey(key) && values.get(key) != null;
    }

    private Object raw(String key) {
        read.add(key);
        return values.get(key);
    }

    /** A value as a problem may quote it: never the value of a secret key (a mistyped password is still one). */
    private static String shown(String key, Object value) {
        return SecretValues.isSecretKey(key) ? Secrets.MASK : String.valueOf(value);
    }

    /** A string that must be present; {@code meaning} says what to write when it is not. */
    public String required(String key, String meaning) {
        if (!has(key)) {
            problem(key, "is required: " + meaning);
            return null;
        }
        return string(key, null);
    }

    /** A string; {@code fallback} (possibly null) when absent. */
    public String string(String key, String fallback) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Map || value instanceof List) {
            problem(key, "must be a single value, not " + (value instanceof Map ? "a mapping" : "a list"));
            return fallback;
        }
        return value.toString();
    }

    /** One of {@code choices} (case-insensitive); a null fallback makes the key required. */
    public String choice(String key, String fallback, String... choices) {
        String value = fallback == null ? required(key, "one of " + String.join(", ", choices)) : string(key, fallback);
        if (value == null) {
            return null;
        }
        for (String choice : choices) {
            if (choice.equalsIgnoreCase(value)) {
                return choice;
            }
        }
        problem(key, shown(key, value) + " is not one of " + String.join(", ", choices));
        return fallback;
    }

    /** A whole number in {@code [min, max]}. */
    public int integer(String key, int fallback, int min, int max) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            long whole = number.longValue();
            if (whole >= min && whole <= max) {
                return (int) whole;
            }
        }
        problem(key, shown(key, value) + " is not a whole number from " + min + " to " + max);
        return fallback;
    }

    /** A number in {@code [min, max]}. */
    public double number(String key, double fallback, double min, double max) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() >= min && number.doubleValue() <= max) {
            return number.doubleValue();
        }
        problem(key, shown(key, value) + " is not a number from " + min + " to " + max);
        return fallback;
    }

    /** A fraction written {@code 90%} or {@code 0.9}, from 0 to 1. */
    public double fraction(String key, double fallback) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        double parsed = share(value);
        if (parsed >= 0 && parsed <= 1) {
            return parsed;
        }
        problem(key, shown(key, value) + " is not a fraction: write a percentage such as 90% or a number from 0 to 1");
        return fallback;
    }

    /** A share written {@code 150%} or {@code 1.5}, from {@code min} to {@code max}; {@code meaning} names it in a problem. */
    public double share(String key, double fallback, double min, double max, String meaning) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        double parsed = share(value);
        if (parsed >= min && parsed <= max) {
            return parsed;
        }
        problem(key, shown(key, value) + " is not " + meaning + ": write a percentage from " + Math.round(min * 100) + "% to "
                + Math.round(max * 100) + "%");
        return fallback;
    }

    /** {@code 90%} or {@code 0.9} as 0.9; NaN when it is neither. */
    private static double share(Object value) {
        String text = value.toString().trim();
        try {
            return text.endsWith("%")
                    ? Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** {@code true} or {@code false}. */
    public boolean bool(String key, boolean fallback) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem(key, shown(key, value) + " is not true or false");
        return fallback;
    }

    /** A duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h} or {@code 1m30s}. */
    public Duration duration(String key, Duration fallback) {
        Object value = raw(key);
        if (value == null) {
            if (fallback == null) {
                problem(key, "is required (a duration such as 10s)");
            }
            return fallback;
        }
        Duration parsed = parseDuration(value.toString());
        if (parsed == null) {
            problem(key, shown(key, value) + " is not a duration: write a number with a unit, such as 500ms, 10s, 5m or 1h");
            return fallback;
        }
        return parsed;
    }

    static Duration parseDuration(String text) {
        String compact = text.replace(" ", "");
        Matcher matcher = DURATION.matcher(compact);
        Duration total = Duration.ZERO;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return null;
            }
            long amount = Long.parseLong(matcher.group(1));
            total = total.plus(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            });
            end = matcher.end();
        }
        return end == compact.length() && end > 0 ? total : null;
    }

    /** A list of strings; a single string counts as a list of one. */
    public List<String> strings(String key, List<String> fallback) {
        Object value = raw(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object element : list) {
                if (element == null || element instanceof Map || element instanceof List) {
                    problem(key, "must be a list of plain values");
                    return fallback;
                }
                out.add(element.toString());
            }
            return out;
        }
        if (value instanceof Map) {
            problem(key, "must be a list, not a mapping");
            return fallback;
        }
        return List.of(value.toString());
    }

    /** A nested mapping; an empty one when absent. */
    public ConfigNode child(String key) {
        Object value = raw(key);
        if (value == null) {
            return new ConfigNode(pathOf(key), Map.of(), problems, warnings);
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(key, "must be a mapping of keys to values");
            return new ConfigNode(pathOf(key), Map.of(), problems, warnings);
        }
        return new ConfigNode(pathOf(key), stringKeys(map), problems, warnings);
    }

    /** A mapping of names to mappings, e.g. every pipeline by name, in file order. */
    public Map<String, ConfigNode> named(String key) {
        ConfigNode parent = child(key);
        Map<String, ConfigNode> out = new LinkedHashMap<>();
        for (String name : parent.values.keySet()) {
            out.put(name, parent.child(name));
        }
        return out;
    }

    /** A mapping of names to plain values, e.g. capacities per bus. */
    public Map<String, Object> scalars(String key) {
        ConfigNode parent = child(key);
        Map<String, Object> out = new LinkedHashMap<>();
        parent.values.forEach((name, value) -> {
            parent.read.add(name);
            if (value instanceof Map || value instanceof List) {
                parent.problem(name, "must be a single value");
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    /** Reports every key present but never read, with the closest key that was. */
    public void rejectUnknown() {
        for (String key : values.keySet()) {
            if (!read.contains(key)) {
                String closest = closest(key, read);
                problem(key, "is not a known key" + (closest == null ? "" : "; did you mean " + closest + "?"));
            }
        }
    }

    private static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** A YAML map with its keys as strings (YAML allows numbers and booleans as keys too). */
    public static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((key, value) -> out.put(String.valueOf(key), value));
        return out;
    }
}
