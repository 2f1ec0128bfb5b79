package dev.rivulet.outputs;

import dev.rivulet.config.Kind;
import dev.rivulet.signals.Result;
import java.util.List;
import org.tinylog.Logger;

/**
 * {@code type: log}: one log line per alert change, and per batch of a pipeline's results. An output named {@code log} that is not declared is this one
 * ({@link #DEFAULT}).
 *
 * @param name the output's name
 */
public record LogOutput(String name) implements OutputKind {

    /** {@code log}, there without being declared. */
    public static final LogOutput DEFAULT = new LogOutput(OutputKinds.LOG);

    static final Kind<OutputKind> KIND = new Kind<>("log", List.of(), (name, node) -> new LogOutput(name));

    /** One line per batch and pipeline: {@code occupancy at 1763700123000: [bus-12=41, bus-7=12]}. */
    @Override
    public ResultRoute results() {
        return new ResultRoute.Takes(links -> (pipeline, batchTime, results) -> Logger.info("{} at {}: {}", pipeline,
                batchTime, results.stream().map(Result::text).toList()));
    }

    @Override
    public AlertOutput open(OutputLinks links) {
        return (alert, json) -> Logger.info("ALERT {} {} {} ({}) value {}", alert.raised() ? "RAISED" : "CLEARED",
                alert.rule(), alert.key(), alert.detail(), String.format("%.2f", alert.value()));
    }
}
