package dev.rivulet.replay;

import dev.rivulet.alerts.AlertKind;
import dev.rivulet.alerts.BusierThanUsualAlert;
import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineBuilder;
import dev.rivulet.baseline.BaselineFile;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.signals.SignalTap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code rivulet replay --baseline-out FILE}: a replay of recorded history that also takes every value of the signal
 * a {@code busier-than-usual} rule watches, per key and batch, and writes the baseline that rule reads — built with
 * the rule's own slot width, time zone, quantile and routes, so the file and the rule agree.
 */
public final class BaselineReplay {

    private BaselineReplay() {
    }

    /**
     * The rule a baseline is built for: the {@code busier-than-usual} rule named {@code name}, or when {@code name}
     * is null the configuration's only one.
     *
     * @throws IllegalArgumentException when there is none such, or several and none is named
     */
    public static BusierThanUsualAlert ruleFor(RivuletConfig config, String name) {
        List<String> rules = config.alerts().values().stream()
                .filter(BusierThanUsualAlert.class::isInstance).map(AlertKind::name).toList();
        if (name == null) {
            if (rules.size() != 1) {
                throw new IllegalArgumentException(rules.isEmpty()
                        ? "the configuration has no busier-than-usual alert rule: add one (a baseline is built with its"
                        + " watch, slot, time-zone, quantile and routes)"
                        : "the configuration has " + rules.size() + " busier-than-usual rules (" + String.join(", ", rules)
                        + "): name the one to build the baseline for with --baseline-rule");
            }
            name = rules.get(0);
        }
        if (!(config.alerts().get(name) instanceof BusierThanUsualAlert rule)) {
            throw new IllegalArgumentException("--baseline-rule " + name + " is not a busier-than-usual alert rule of the"
                    + " configuration" + (rules.isEmpty() ? ", which has none" : "; it has " + String.join(", ", rules)));
        }
        return rule;
    }

    /**
     * Replays {@code settings}' recordings, writing what the gateway would have sent to {@code out}, and the baseline
     * of {@code rule}'s signal to {@code file}.
     *
     * @return the baseline written
     * @throws IllegalStateException when the recordings gave no value of the signal
     */
    public static Baseline build(Replay.Settings settings, BusierThanUsualAlert rule, Path file, OutputStream out,
                                 PrintStream progress) throws IOException, InterruptedException {
        BusierThanUsualAlert.History history = rule.history();
        BaselineBuilder builder = new BaselineBuilder(history.slots(), history.quantile(), history::groupOf);
        new Replay(settings, progress).run(out, new SignalTap(rule.signalPath(), builder::add));
        Baseline baseline = builder.build(rule.signalPath(), history.by());
        try {
            BaselineFile.write(baseline, file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the baseline " + file + " (" + e + "): give a path in a"
                    + " directory this user can write", e);
        }
        long slots = baseline.usual().values().stream().mapToLong(Map::size).sum();
        long thin = baseline.usual().values().stream().flatMap(bySlot -> bySlot.values().stream())
                .filter(usual -> usual.samples() < history.minSamples()).count();
        progress.printf("rivulet replay: baseline of %s by %s for alerts.%s: %,d %s, %,d slots of %d minutes from %,d"
                        + " samples (%,d slots under min-samples %d raise nothing) written to %s%n", baseline.signal(),
                baseline.by(), rule.name(), builder.keys(), Baseline.BY_ROUTE.equals(baseline.by()) ? "routes" : "keys",
                slots, history.slots().width().toMinutes(), builder.samples(), thin, history.minSamples(), file);
        return baseline;
    }
}
