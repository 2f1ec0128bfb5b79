package dev.rivulet.pipeline;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Reading;
import dev.rivulet.signals.Measure;
import dev.rivulet.signals.Result;
import dev.rivulet.signals.Signal;
import dev.rivulet.signals.SignalSpec;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code type: aggregate}: readings filtered by {@code where}, keyed, one value per reading, folded per batch or
 * over a window into [sum, count, min, max] and reported as the chosen aggregate; or added up as a running total
 * across batches.
 *
 * @param name      the pipeline's name
 * @param sources   the sources it reads
 * @param where     conditions that must all hold, e.g. {@code in >= 0}
 * @param key       {@code key} (the reading's key), {@code source}, or {@code label:NAME}
 * @param value     a field, or fields added and subtracted, e.g. {@code in - out}; {@code 1} counts
 * @param aggregate sum, count, min, max or average
 * @param window    window length, a multiple of the batch interval; null: per batch
 * @param slide     how often the window is computed; null: every batch
 * @param running   keep a running total across batches (aggregate sum or count)
 * @param floor     lowest value of the running total; null: none
 * @param outputs   output names every result goes to (e.g. [log])
 */
public record AggregatePipeline(String name, List<String> sources, List<Condition> where, String key, List<Term> value,
                                String aggregate, Duration window, Duration slide, boolean running, Double floor,
                                List<String> outputs) implements PipelineKind {

    private static final Key KEY = new Key("key", Key.Type.STRING, "key", "key (the reading's key), source, or label:NAME");
    private static final Key VALUE = new Key("value", Key.Type.STRING, "1",
            "a field, or fields added and subtracted (e.g. in - out); 1 counts readings");
    private static final Key AGGREGATE = new Key("aggregate", Key.Type.CHOICE, "sum", "sum, count, min, max or average");
    private static final Key WINDOW = new Key("window", Key.Type.DURATION, "",
            "window length, a multiple of the batch interval; absent: per batch");
    private static final Key SLIDE = new Key("slide", Key.Type.DURATION, "",
            "how often the window is computed; absent: every batch");
    private static final Key RUNNING = new Key("running", Key.Type.BOOLEAN, "false",
            "keep a running total across batches (aggregate sum or count)");
    private static final Key FLOOR = new Key("floor", Key.Type.NUMBER, "", "lowest value of the running total; absent: none");

    /** This kind's keys every pipeline accepted before each kind had its own record ({@link PipelineKinds#ignoreOtherKinds}). */
    static final List<Key> SHARED_BEFORE_KINDS = List.of(KEY, VALUE, AGGREGATE, RUNNING, FLOOR);

    static final Kind<PipelineKind> KIND = new Kind<>("aggregate", List.of(SOURCE, WHERE, KEY, VALUE, AGGREGATE,
            WINDOW, SLIDE, RUNNING, FLOOR, OUTPUTS), AggregatePipeline::read);

    private static final Pattern TERM = Pattern.compile("\\s*([+-]?)\\s*([A-Za-z_][\\w.-]*|1)\\s*");

    /** One term of a value: {@code sign × field}, or {@code sign × 1} when field is null. */
    public record Term(int sign, String field) {
    }

    /** Copies the lists. */
    public AggregatePipeline {
        sources = List.copyOf(sources);
        where = List.copyOf(where);
        value = List.copyOf(value);
        outputs = List.copyOf(outputs);
    }

    private static AggregatePipeline read(String name, ConfigNode node) {
        List<String> sources = PipelineKinds.sources(node);
        List<Condition> where = PipelineKinds.where(node);
        String key = KEY.string(node);
        if (!key.equals("key") && !key.equals("source") && !key.startsWith("label:")) {
            node.problem(KEY.name(), key + " is not a key: use key (the reading's key), source, or label:NAME");
        }
        List<Term> value = terms(VALUE.string(node), node);
        String aggregate = AGGREGATE.choice(node, List.of("sum", "count", "min", "max", "average"));
        Duration window = node.has(WINDOW.name()) ? node.duration(WINDOW.name(), null) : null;
        Duration slide = node.has(SLIDE.name()) ? node.duration(SLIDE.name(), null) : null;
        boolean running = RUNNING.bool(node);
        if (running && !(aggregate.equals("sum") || aggregate.equals("count"))) {
            node.problem(RUNNING.name(), "a running total needs aggregate sum or count, not " + aggregate);
        }
        if (running && window != null) {
            node.problem(RUNNING.name(), "a running total and a window exclude each other: drop one");
        }
        Double floor = node.has(FLOOR.name()) ? node.number(FLOOR.name(), 0, -1e12, 1e12) : null;
        List<String> outputs = OUTPUTS.strings(node);
        PipelineKinds.ignoreOtherKinds(node, KIND.type(), BusOccupancyPipeline.SHARED_BEFORE_KINDS);
        return new AggregatePipeline(name, sources, where, key, value, aggregate, window, slide, running, floor, outputs);
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
            node.problem(VALUE.name(), "'" + text + "' is not a value: write a field, fields joined by + and -"
                    + " (e.g. in - out), or 1 to count readings");
            return List.of(new Term(1, null));
        }
        return terms;
    }

    /**
     * {@code key: label:NAME} keys state by that label for good, windowed or not: the readings {@code where} leaves
     * out are counted per key since the key was first seen ({@link #rejected}), and a running total keeps each key.
     */
    @Override
    public List<String> labelsKeyedBy() {
        return key.startsWith("label:") ? List.of(key.substring("label:".length())) : List.of();
    }

    /** The result per key: what threshold alerts watch. */
    public static final SignalSpec VALUE_SIGNAL = new SignalSpec("value", Measure.NUMBER,
            "the aggregate per key (per batch, per window slide, or the running total)");

    @Override
    public List<SignalSpec> signals() {
        return List.of(VALUE_SIGNAL);
    }

    @Override
    public void open(DStream<Reading> readings, PipelineLinks links) {
        PairDStream<String, Double> result = results(readings, links.batchInterval());
        links.showRejected(rejected(readings));
        links.sendResults(asResults(result));
        links.publish(new Signal<>(name, VALUE_SIGNAL, result, value -> value, this::detail));
    }

    /** E.g. {@code running sum 1250} or {@code average 21.4}. */
    String detail(double value) {
        String number = Double.isFinite(value)
                ? new BigDecimal(value).round(MathContext.DECIMAL32).stripTrailingZeros().toPlainString()
                : String.valueOf(value);
        return (running ? "running " : "") + aggregate + " " + number;
    }

    /** Each key's value as the outputs take it: {@code {"value": 21.4}}, logged as {@code sensor-3=21.4}. */
    DStream<Result> asResults(PairDStream<String, Double> result) {
        String pipeline = name;
        return result.stream().transform(batch -> batch.records().stream().map(pair -> new Result(pipeline, pair.key(),
                batch.time(), Map.of("value", pair.value()), pair.key() + "=" + pair.value())).toList());
    }

    /** The result per key: per batch, per window slide, or a running total every batch. */
    public PairDStream<String, Double> results(DStream<Reading> readings, Duration batchInterval) {
        Function<Reading, String> keyOf = keyOf(key);
        PairDStream<String, List<Double>> perReading = readings
                .filter(new ReadingFilter(where))
                .filter(reading -> keyOf.apply(reading) != null && !Double.isNaN(valueOf(reading)))
                .mapToPair(reading -> {
                    double v = valueOf(reading);
                    return Pair.of(keyOf.apply(reading), List.of(v, 1.0, v, v));
                });
        PairDStream<String, List<Double>> folded = window == null
                ? perReading.reduceByKey(AggregatePipeline::fold)
                : perReading.reduceByKeyAndWindow(AggregatePipeline::fold, window, slide == null ? batchInterval : slide);
        PairDStream<String, Double> result = folded.mapValues(stats -> pick(aggregate, stats));
        if (!running) {
            return result;
        }
        Double lowest = floor;
        return result.updateStateByKey((values, state) -> {
            double total = state.orElse(0.0);
            for (double v : values) {
                total += v;
            }
            return Optional.of(lowest == null ? total : Math.max(lowest, total));
        });
    }

    /**
     * Readings left out by {@code where}, per key and rule, since the key was first seen: engine state
     * ({@code updateStateByKey}), so checkpoints carry it. A reading without a key counts under "".
     */
    public PairDStream<String, Map<String, Long>> rejected(DStream<Reading> readings) {
        Function<Reading, String> keyOf = keyOf(key);
        ReadingFilter filter = new ReadingFilter(where);
        return readings.<String, String>flatMapToPair(reading -> {
            String rule = filter.brokenRule(reading);
            String k = keyOf.apply(reading);
            return rule == null ? List.of() : List.of(Pair.of(k == null ? "" : k, rule));
        }).updateStateByKey((List<String> rules, Optional<Map<String, Long>> state) -> {
            if (rules.isEmpty()) {
                return state;
            }
            Map<String, Long> counts = new TreeMap<>(state.orElse(Map.of()));
            rules.forEach(rule -> counts.merge(rule, 1L, Long::sum));
            return Optional.of(counts);
        });
    }

    static List<Double> fold(List<Double> a, List<Double> b) {
        return List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), Math.min(a.get(2), b.get(2)), Math.max(a.get(3), b.get(3)));
    }

    static double pick(String aggregate, List<Double> stats) {
        return switch (aggregate) {
            case "count" -> stats.get(1);
            case "min" -> stats.get(2);
            case "max" -> stats.get(3);
            case "average" -> stats.get(0) / stats.get(1);
            default -> stats.get(0);
        };
    }

    private double valueOf(Reading reading) {
        double total = 0;
        for (Term term : value) {
            total += term.sign() * (term.field() == null ? 1.0 : reading.value(term.field()));
        }
        return total;
    }

    private static Function<Reading, String> keyOf(String key) {
        if (key.equals("source")) {
            return Reading::source;
        }
        if (key.startsWith("label:")) {
            String label = key.substring("label:".length());
            return reading -> reading.label(label);
        }
        return Reading::key;
    }
}
