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
 * <p>Each kind's keys, with their defaults and meanings, are declared once: {@link Kind#keys()}.
 *
 * @param name        the pipeline's name
 * @param type        the kind: aggregate or bus-occupancy
 * @param sources     the sources it reads
 * @param where       conditions that must all hold, e.g. {@code in >= 0}
 * @param key         {@code key} (the reading's key), {@code source}, or {@code label:NAME}
 * @param value       a field, or fields added and subtracted, e.g. {@code in - out}; {@code 1} counts
 * @param aggregate   sum, count, min, max or average
 * @param window      window length, a multiple of the batch interval; absent: per batch
 * @param slide       how often the window is computed
 * @param running     keep a running total across batches (aggregate sum or count)
 * @param floor       lowest value of the running total (absent: no floor)
 * @param boardings   bus-occupancy: the field counting boardings
 * @param alightings  bus-occupancy: the field counting alightings
 * @param stopLabel   bus-occupancy: the label naming the stop
 * @param capacity    bus-occupancy: seats per bus; the load is occupancy / seats
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

    private static final Key SOURCE = new Key("source", Key.Type.LIST, "",
            "the source this pipeline reads (or a list of them, also as sources:)");
    private static final Key WHERE = new Key("where", Key.Type.LIST, "[]",
            "conditions a reading must meet, e.g. [in >= 0]; readings failing them are left out and counted");
    private static final Key OUTPUTS = new Key("outputs", Key.Type.LIST, "[]", "per-batch results to outputs, e.g. [log]");
    private static final Key KEY = new Key("key", Key.Type.STRING, "key", "key (the reading's key), source, or label:NAME");
    private static final Key VALUE = new Key("value", Key.Type.STRING, "1",
            "a field, or fields added and subtracted (e.g. in - out); 1 counts readings");
    private static final Key AGGREGATE_BY = new Key("aggregate", Key.Type.CHOICE, "sum", "sum, count, min, max or average");
    private static final Key WINDOW = new Key("window", Key.Type.DURATION, "",
            "window length, a multiple of the batch interval; absent: per batch");
    private static final Key SLIDE = new Key("slide", Key.Type.DURATION, "",
            "how often the window is computed; absent: every batch");
    private static final Key RUNNING = new Key("running", Key.Type.BOOLEAN, "false",
            "keep a running total across batches (aggregate sum or count)");
    private static final Key FLOOR = new Key("floor", Key.Type.NUMBER, "", "lowest value of the running total; absent: none");
    private static final Key BOARDINGS = new Key("boardings", Key.Type.STRING, "in", "the field counting boardings");
    private static final Key ALIGHTINGS = new Key("alightings", Key.Type.STRING, "out", "the field counting alightings");
    private static final Key STOP_LABEL = new Key("stop-label", Key.Type.STRING, "stop", "the label naming the stop");
    private static final Key CAPACITY = new Key("capacity", Key.Type.INTEGER, "60", "seats per bus: load = occupancy / seats");
    private static final Key CAPACITIES = new Key("capacities", Key.Type.MAP, "{}", "seats per bus, e.g. {bus-12: 80}");
    private static final Key OCCUPANCY_WINDOW = new Key("window", Key.Type.DURATION, "5m",
            "boardings and alightings per stop over this window ...");
    private static final Key OCCUPANCY_SLIDE = new Key("slide", Key.Type.DURATION, "30s", "... computed this often");
    /** What a bus-occupancy pipeline adds up per reading; not a key of its own: boardings and alightings say it. */
    private static final String OCCUPANCY_VALUE = "in - out";

    /** The pipeline kinds, by their {@code type}, each with the keys it uses. */
    public enum Kind {
        /** Readings filtered, keyed and aggregated per batch or over a window. */
        AGGREGATE("aggregate", List.of(SOURCE, WHERE, KEY, VALUE, AGGREGATE_BY, WINDOW, SLIDE, RUNNING, FLOOR, OUTPUTS)),
        /** Per bus occupancy and load, boardings and alightings per stop over a sliding window. */
        BUS_OCCUPANCY("bus-occupancy", concat(List.of(SOURCE, WHERE, BOARDINGS, ALIGHTINGS, STOP_LABEL, CAPACITY, CAPACITIES),
                OccupancySettings.KEYS, List.of(OCCUPANCY_WINDOW, OCCUPANCY_SLIDE, OUTPUTS)));

        private final String type;
        private final List<Key> keys;

        Kind(String type, List<Key> keys) {
            this.type = type;
            this.keys = keys;
        }

        /** How the configuration names it. */
        public String type() {
            return type;
        }

        /** The keys of {@code pipelines.NAME} this kind uses, besides {@code type}. */
        public List<Key> keys() {
            return keys;
        }

        private Key window() {
            return this == BUS_OCCUPANCY ? OCCUPANCY_WINDOW : WINDOW;
        }

        private Key slide() {
            return this == BUS_OCCUPANCY ? OCCUPANCY_SLIDE : SLIDE;
        }

        @SafeVarargs
        private static List<Key> concat(List<Key>... lists) {
            return Arrays.stream(lists).flatMap(List::stream).toList();
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
        List<String> sources = node.strings(SOURCE.name(), null);
        if (sources == null) {
            sources = node.strings("sources", null);
        }
        if (sources == null || sources.isEmpty()) {
            node.problem("source", "is required: name the source (or list the sources) this pipeline reads");
            sources = List.of();
        }
        List<Condition> where = new ArrayList<>();
        for (String text : WHERE.strings(node)) {
            Matcher matcher = CONDITION.matcher(text);
            if (matcher.matches()) {
                where.add(new Condition(matcher.group(1), matcher.group(2), Double.parseDouble(matcher.group(3))));
            } else {
                node.problem("where", "'" + text + "' is not a condition: write field op number, e.g. in >= 0"
                        + " (op is one of >= <= > < == !=)");
            }
        }
        String key = KEY.string(node);
        if (!key.equals("key") && !key.equals("source") && !key.startsWith("label:")) {
            node.problem("key", key + " is not a key: use key (the reading's key), source, or label:NAME");
        }
        boolean occupancy = type == Kind.BUS_OCCUPANCY;
        String valueText = node.string(VALUE.name(), occupancy ? OCCUPANCY_VALUE : VALUE.fallback());
        List<Term> value = terms(valueText, node);
        String aggregate = AGGREGATE_BY.choice(node, List.of("sum", "count", "min", "max", "average"));
        Duration window = type.window().hasDefault() ? type.window().duration(node) : node.duration(WINDOW.name(), null);
        if (window == null) {
            node.has("window");
        }
        Duration slide = type.slide().hasDefault() ? type.slide().duration(node) : node.duration(SLIDE.name(), null);
        boolean running = RUNNING.bool(node);
        if (running && !(aggregate.equals("sum") || aggregate.equals("count"))) {
            node.problem("running", "a running total needs aggregate sum or count, not " + aggregate);
        }
        if (running && window != null) {
            node.problem("running", "a running total and a window exclude each other: drop one");
        }
        Double floor = node.has(FLOOR.name()) ? node.number(FLOOR.name(), 0, -1e12, 1e12) : null;
        String boardings = BOARDINGS.string(node);
        String alightings = ALIGHTINGS.string(node);
        String stopLabel = STOP_LABEL.string(node);
        int capacity = CAPACITY.integer(node, 1, 100_000);
        Map<String, Integer> capacities = new java.util.LinkedHashMap<>();
        ConfigNode perBus = node.child(CAPACITIES.name());
        node.scalars(CAPACITIES.name()).forEach((bus, raw) -> capacities.put(bus, perBus.integer(bus, capacity, 1, 100_000)));
        List<String> outputs = OUTPUTS.strings(node);
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
