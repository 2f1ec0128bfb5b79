package dev.rivulet.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What to compute: {@code pipelines.NAME}. Two kinds.
 *
 * <p>{@code type: bus-occupancy} (the flagship): per bus, occupancy = running sum of boardings − alightings,
 * never below 0; load factor = occupancy / capacity; boardings and alightings per stop over a sliding window.
 *
 * <p>{@code type: aggregate}: readings filtered by {@code where}, keyed by {@code key}, a {@code value}
 * aggregated per batch or over a {@code window}, optionally kept as a {@code running} total.
 *
 * @param name        the pipeline's name
 * @param type        the kind: aggregate or bus-occupancy
 * @param sources     the sources it reads
 * @param where       conditions that must all hold, e.g. {@code in >= 0}
 * @param key         {@code key} (the reading's key, default), {@code source}, or {@code label:NAME}
 * @param value       a field, or fields added and subtracted, e.g. {@code in - out}; {@code 1} counts
 * @param aggregate   sum (default), count, min, max or average
 * @param window      window length, a multiple of the batch interval; absent: per batch
 * @param slide       how often the window is computed (default: the batch interval)
 * @param running     keep a running total across batches (aggregate sum or count)
 * @param floor       lowest value of the running total (absent: no floor)
 * @param boardings   bus-occupancy: the field counting boardings (default {@code in})
 * @param alightings  bus-occupancy: the field counting alightings (default {@code out})
 * @param stopLabel   bus-occupancy: the label naming the stop (default {@code stop})
 * @param capacity    bus-occupancy: seats per bus (default 60); the load is occupancy / seats
 * @param capacities  bus-occupancy: seats per bus id, overriding {@code capacity}
 * @param outputs     output names every result goes to (e.g. [log])
 * @param occupancy   bus-occupancy: standing room, plausibility rules, trip end, occupancy levels
 *                    ({@link OccupancySettings}); null for an aggregate
 */
public record PipelineSettings(String name, Kind type, List<String> sources, List<Condition> where, String key,
                               List<Term> value, String aggregate, Duration window, Duration slide, boolean running,
                               Double floor, String boardings, String alightings, String stopLabel, int capacity,
                               Map<String, Integer> capacities, List<String> outputs,
                               OccupancySettings occupancy) {

    /** The pipeline kinds, by their {@code type}, with the defaults that differ between them. */
    public enum Kind {
        /** Readings filtered, keyed and aggregated per batch or over a window. */
        AGGREGATE("aggregate", "1", null, null),
        /** Per bus occupancy and load, boardings and alightings per stop over a sliding window. */
        BUS_OCCUPANCY("bus-occupancy", "in - out", Duration.ofMinutes(5), Duration.ofSeconds(30));

        private final String type;
        private final String value;
        private final Duration window;
        private final Duration slide;

        Kind(String type, String value, Duration window, Duration slide) {
            this.type = type;
            this.value = value;
            this.window = window;
            this.slide = slide;
        }

        /** How the configuration names it. */
        public String type() {
            return type;
        }

        static Kind read(ConfigNode node) {
            String[] types = Arrays.stream(values()).map(Kind::type).toArray(String[]::new);
            String type = node.choice("type", AGGREGATE.type, types);
            return Arrays.stream(values()).filter(kind -> kind.type.equals(type)).findFirst().orElse(AGGREGATE);
        }
    }

    /** {@code field op number}. */
    public record Condition(String field, String op, double number) {

        /** The rule's name in counters: {@code where in >= 0}. */
        public String rule() {
            String n = number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
            return "where " + field + " " + op + " " + n;
        }

        /** Whether {@code value} satisfies it; NaN (a missing field) never does. */
        public boolean test(double value) {
            return switch (op) {
                case ">=" -> value >= number;
                case "<=" -> value <= number;
                case ">" -> value > number;
                case "<" -> value < number;
                case "==" -> value == number;
                default -> value != number && !Double.isNaN(value);
            };
        }
    }

    /** One term of a value: {@code sign × field}, or {@code sign × 1} when field is null. */
    public record Term(int sign, String field) {
    }

    private static final Pattern CONDITION = Pattern.compile("\\s*([A-Za-z_][\\w.-]*)\\s*(>=|<=|==|!=|>|<)\\s*(-?[\\d.]+)\\s*");
    private static final Pattern TERM = Pattern.compile("\\s*([+-]?)\\s*([A-Za-z_][\\w.-]*|1)\\s*");

    static PipelineSettings read(String name, ConfigNode node) {
        Kind type = Kind.read(node);
        List<String> sources = node.strings("source", null);
        if (sources == null) {
            sources = node.strings("sources", null);
        }
        if (sources == null || sources.isEmpty()) {
            node.problem("source", "is required: name the source (or list the sources) this pipeline reads");
            sources = List.of();
        }
        List<Condition> where = new ArrayList<>();
        for (String text : node.strings("where", List.of())) {
            Matcher matcher = CONDITION.matcher(text);
            if (matcher.matches()) {
                where.add(new Condition(matcher.group(1), matcher.group(2), Double.parseDouble(matcher.group(3))));
            } else {
                node.problem("where", "'" + text + "' is not a condition: write field op number, e.g. in >= 0"
                        + " (op is one of >= <= > < == !=)");
            }
        }
        String key = node.string("key", "key");
        if (!key.equals("key") && !key.equals("source") && !key.startsWith("label:")) {
            node.problem("key", key + " is not a key: use key (the reading's key), source, or label:NAME");
        }
        boolean occupancy = type == Kind.BUS_OCCUPANCY;
        String valueText = node.string("value", type.value);
        List<Term> value = terms(valueText, node);
        String aggregate = node.choice("aggregate", "sum", "sum", "count", "min", "max", "average");
        Duration window = node.duration("window", type.window);
        if (window == null) {
            node.has("window");
        }
        Duration slide = node.duration("slide", type.slide);
        boolean running = node.bool("running", false);
        if (running && !(aggregate.equals("sum") || aggregate.equals("count"))) {
            node.problem("running", "a running total needs aggregate sum or count, not " + aggregate);
        }
        if (running && window != null) {
            node.problem("running", "a running total and a window exclude each other: drop one");
        }
        Double floor = node.has("floor") ? node.number("floor", 0, -1e12, 1e12) : null;
        String boardings = node.string("boardings", "in");
        String alightings = node.string("alightings", "out");
        String stopLabel = node.string("stop-label", "stop");
        int capacity = node.integer("capacity", 60, 1, 100_000);
        Map<String, Integer> capacities = new java.util.LinkedHashMap<>();
        ConfigNode perBus = node.child("capacities");
        node.scalars("capacities").forEach((bus, raw) -> capacities.put(bus, perBus.integer(bus, capacity, 1, 100_000)));
        List<String> outputs = node.strings("outputs", List.of());
        OccupancySettings rules = occupancy ? OccupancySettings.read(node) : null;
        node.rejectUnknown();
        return new PipelineSettings(name, type, sources, where, key, value, aggregate, window, slide, running, floor,
                boardings, alightings, stopLabel, capacity, capacities, outputs, rules);
    }

    private static List<Term> terms(String text, ConfigNode node) {
        List<Term> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(text);
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            if (!terms.isEmpty() && matcher.group(1).isEmpty()) {
                break;
            }
            String field = matcher.group(2);
            terms.add(new Term("-".equals(matcher.group(1)) ? -1 : 1, field.equals("1") ? null : field));
            end = matcher.end();
        }
        if (end != text.length() || terms.isEmpty()) {
            node.problem("value", "'" + text + "' is not a value: write a field, fields joined by + and -"
                    + " (e.g. in - out), or 1 to count readings");
            return List.of(new Term(1, null));
        }
        return terms;
    }

    /** Capacity of one bus: its seats. */
    public int capacityOf(String bus) {
        return capacities.getOrDefault(bus, capacity);
    }

    /** The most one bus can hold: its seats and its standing room. */
    public int crushLoadOf(String bus) {
        int seats = capacityOf(bus);
        return seats + occupancyRules().standingOf(bus, seats);
    }

    /** The bus-occupancy settings; the defaults for a pipeline built without them. */
    public OccupancySettings occupancyRules() {
        return occupancy == null ? OccupancySettings.defaults() : occupancy;
    }
}
