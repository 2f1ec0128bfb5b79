package dev.rivulet.outputs;

import dev.rivulet.config.Kind;
import java.util.List;
import org.tinylog.Logger;

/**
 * {@code type: log}: one log line per alert change. An output named {@code log} that is not declared is this one
 * ({@link #DEFAULT}).
 *
 * @param name the output's name
 */
public record LogOutput(String name) implements OutputKind {

    /** {@code log}, there without being declared. */
    public static final LogOutput DEFAULT = new LogOutput("log");

    static final Kind<OutputKind> KIND = new Kind<>("log", List.of(), (name, node) -> new LogOutput(name));

    @Override
    public AlertOutput open(OutputLinks links) {
        return (alert, json) -> Logger.info("ALERT {} {} {} ({}) value {}", alert.raised() ? "RAISED" : "CLEARED",
                alert.rule(), alert.key(), alert.detail(), String.format("%.2f", alert.value()));
    }
}
