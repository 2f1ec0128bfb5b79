package dev.rivulet.alerts;

import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineWatch;
import dev.rivulet.baseline.WeekSlots;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: busier-than-usual}: raised when a bus's load (or any share {@code watch} names) stays above what is
 * usual for that bus at that time of week — the high quantile of its slot in a baseline file built from history by
 * {@code rivulet replay --baseline-out} — by {@code margin}, for {@code consecutive} batches; cleared when it falls
 * below the usual high quantile plus {@code clear-margin}. The baseline is read at start and again whenever the
 * file changes. A slot the baseline knows from fewer than {@code min-samples} batches, a bus it does not know, or
 * no baseline at all raise nothing and clear nothing: the rule waits for a slot it knows.
 *
 * @param name        the rule's name
 * @param pipeline    the pipeline watched
 * @param signal      the signal watched; null: load
 * @param high        the margin: raised at or above the usual high quantile plus this
 * @param low         the clear margin: cleared below the usual high quantile plus this
 * @param consecutive batches in a row at or above before raising
 * @param outputs     where alerts go
 * @param history     the baseline it reads and how it was built
 */
public record BusierThanUsualAlert(String name, String pipeline, String signal, double high, double low, int consecutive,
                                   List<String> outputs, History history) implements AlertKind {

    private static final Key BASELINE = new Key("baseline", Key.Type.STRING, "",
            "the baseline file, as rivulet replay --baseline-out writes it (required), e.g. /var/lib/rivulet/baseline.json");
    private static final Key MARGIN = new Key("margin", Key.Type.FRACTION, "10%",
            "raised when the load is this much above its usual high quantile ...");
    private static final Key CLEAR_MARGIN = new Key("clear-margin", Key.Type.FRACTION, "0%",
            "... cleared when it falls below the usual high quantile plus this (at most margin)");
    private static final Key QUANTILE = new Key("quantile", Key.Type.FRACTION, "90%",
            "the usual high: this quantile of a slot's values in the history");
    private static final Key SLOT = new Key("slot", Key.Type.DURATION, "1h",
            "the width of a time-of-week slot; divides a week (15m, 30m, 1h, 2h, 6h, 24h ...)");
    private static final Key TIME_ZONE = new Key("time-zone", Key.Type.STRING, "",
            "the time zone of the week's slots, e.g. Europe/Berlin; absent: the system's");
    private static final Key MIN_SAMPLES = new Key("min-samples", Key.Type.INTEGER, "100",
            "a slot the history holds fewer batches of raises nothing");
    private static final Key ROUTES = new Key("routes", Key.Type.MAP, "{}",
            "per bus, the route whose usual load it is compared with, e.g. {bus-12: route-4}; absent: its own");

    static final Kind<AlertKind> KIND = new Kind<>("busier-than-usual", List.of(AlertKind.WATCH, AlertKind.PIPELINE,
            BASELINE, MARGIN, CLEAR_MARGIN, AlertKind.CONSECUTIVE, QUANTILE, SLOT, TIME_ZONE, MIN_SAMPLES, ROUTES,
            AlertKind.OUTPUTS), BusierThanUsualAlert::read);

    /**
     * The baseline a rule reads, and the settings it is built with ({@code rivulet replay --baseline-out} builds it
     * from the rule's own keys, so the two never disagree).
     *
     * @param file       the baseline file
     * @param slots      the slots of the week
     * @param quantile   the high quantile, from 0 to 1
     * @param minSamples a slot known from fewer batches raises nothing
     * @param routes     per key, the route it counts for; keys absent count for themselves
     */
    public record History(Path file, WeekSlots slots, double quantile, int minSamples, Map<String, String> routes) {

        /** Copies the routes. */
        public History {
            routes = Map.copyOf(routes);
        }

        /** What {@code key}'s values count for, and are compared with: its route, or itself. */
        public String groupOf(String key) {
            return routes.getOrDefault(key, key);
        }

        /** What the baseline's keys are: {@link Baseline#BY_ROUTE} when routes are given, else {@link Baseline#BY_KEY}. */
        public String by() {
            return routes.isEmpty() ? Baseline.BY_KEY : Baseline.BY_ROUTE;
        }
    }

    /** Copies the outputs. */
    public BusierThanUsualAlert {
        outputs = List.copyOf(outputs);
    }

    private static AlertKind read(String name, ConfigNode node) {
        String file = BASELINE.required(node);
        Duration width = SLOT.duration(node);
        String slotProblem = width == null ? null : WeekSlots.problemWith(width);
        if (slotProblem != null) {
            node.problem(SLOT.name(), slotProblem);
        }
        ZoneId zone = ZoneId.systemDefault();
        String zoneName = TIME_ZONE.string(node);
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                node.problem(TIME_ZONE.name(), "'" + zoneName + "' is not a time zone: write a region such as"
                        + " Europe/Berlin (the names under /usr/share/zoneinfo), or leave it out for the system's");
            }
        }
        double quantile = QUANTILE.fraction(node);
        int minSamples = MIN_SAMPLES.integer(node, 1, Integer.MAX_VALUE);
        Map<String, String> routes = new LinkedHashMap<>();
        node.scalars(ROUTES.name()).forEach((bus, route) -> routes.put(bus, String.valueOf(route)));
        History history = file == null || width == null || slotProblem != null ? null
                : new History(Path.of(file), new WeekSlots(width, zone), quantile, minSamples, routes);
        return AlertKinds.read(name, node, rule -> {
            double margin = MARGIN.share(rule, 0, 10);
            double clear = CLEAR_MARGIN.share(rule, 0, 10);
            if (clear > margin) {
                rule.problem(CLEAR_MARGIN.name(), "must not be above margin (" + margin + "), or the alert could never"
                        + " clear");
                clear = margin;
            }
            return new AlertKinds.Band(margin, clear);
        }, (rule, pipeline, signal, high, low, consecutive, outputs) ->
                new BusierThanUsualAlert(rule, pipeline, signal, high, low, consecutive, outputs, history));
    }

    @Override
    public String type() {
        return KIND.type();
    }

    /** A bus-occupancy pipeline's load factor. */
    @Override
    public String defaultSignal() {
        return "load";
    }

    /** {@code PIPELINE.SIGNAL}: the signal watched, and the one its baseline is built from. */
    public String signalPath() {
        return pipeline + "." + (signal == null ? defaultSignal() : signal);
    }

    /** Reads the baseline file now, and again whenever it changes. */
    @Override
    public Yardstick openYardstick() {
        return new UsualYardstick(this, new BaselineWatch(history.file(), "alerts." + name, this::problemWith));
    }

    /** Why {@code baseline} was not built for this rule; null when it was. */
    String problemWith(Baseline baseline) {
        List<String> problems = new ArrayList<>();
        if (!baseline.signal().equals(signalPath())) {
            problems.add("it holds " + baseline.signal() + ", the rule watches " + signalPath());
        }
        if (!baseline.by().equals(history.by())) {
            problems.add("it is by " + baseline.by() + ", the rule " + (history.routes().isEmpty()
                    ? "has no routes" : "groups buses by routes"));
        }
        if (!baseline.slots().width().equals(history.slots().width())) {
            problems.add("its slots are " + baseline.slots().width().toMinutes() + " minutes, the rule's "
                    + history.slots().width().toMinutes());
        }
        // Z and UTC (or Etc/UTC) are the same zone: compare the rules, as normalized() gives them for fixed offsets.
        if (!baseline.slots().zone().normalized().equals(history.slots().zone().normalized())) {
            problems.add("its time zone is " + baseline.slots().zone() + ", the rule's " + history.slots().zone());
        }
        if (baseline.quantile() != history.quantile()) {
            problems.add("its quantile is " + baseline.quantile() + ", the rule's " + history.quantile());
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
