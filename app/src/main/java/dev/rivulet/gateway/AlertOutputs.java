package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.outputs.AlertOutput;
import dev.rivulet.outputs.PinRequest;
import dev.rivulet.outputs.OutputKinds;
import dev.rivulet.outputs.OutputKind;
import dev.rivulet.outputs.OutputLinks;
import dev.rivulet.outputs.PublishFailures;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.MessagePublisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * Delivers alerts to the outputs a rule names; each output kind ({@link OutputKind}) says what delivering means.
 *
 * Local outputs act when the batch's outputs run; should the power fail before that batch's checkpoint,
 * the batch runs again at restart and the same alert (same id) is sent again — idempotent for a retained
 * topic and a pin. Upstream alerts go through the outbox, which skips ids already queued or delivered.
 */
final class AlertOutputs {

    private final RivuletConfig config;
    private final LiveFleet fleet;
    private final Map<String, AlertOutput> opened = new HashMap<>();
    private final OutputLinks links;

    AlertOutputs(RivuletConfig config, OutputLinks links, LiveFleet fleet) {
        this.config = config;
        this.fleet = fleet;
        this.links = links;
    }

    /** What outputs are lent: the gateway's publishers, pins and outbox, and whether a rule has open alerts. */
    static OutputLinks links(RivuletConfig config, Function<String, MessagePublisher> publishers,
                             Function<PinRequest, DigitalOutput> pins, OutboxBuffer outbox, LiveFleet fleet,
                             PublishFailures failures) {
        return new OutputLinks(config.gatewayId(), publishers, pins, outbox, config.upstream(),
                rule -> fleet.openAlerts().stream().anyMatch(open -> open.rule().equals(rule)), failures);
    }

    void deliver(Alert alert, List<String> outputs) {
        fleet.alert(alert);
        byte[] json = AlertMessages.json(alert, config.gatewayId());
        for (String name : outputs) {
            try {
                output(name).deliver(alert, json);
            } catch (RuntimeException e) {
                Logger.error(e, "alert {} could not be handed to output {}: {}", alert.id(), name, e.getMessage());
            }
        }
    }

    /**
     * Makes what shows the open alerts of {@code rule} — the display model, and so the page, {@code rivulet
     * status} and GPIO pins — agree with the rule's own state, {@code open}: after a restart the state comes back
     * from the checkpoint while the display model starts empty. Nothing is published: the messages went out
     * when the alerts changed.
     */
    void syncOpen(String rule, List<Alert> open, List<String> outputs) {
        if (!fleet.syncOpen(rule, open)) {
            return;
        }
        for (String name : outputs) {
            try {
                output(name).showOpen(rule);
            } catch (RuntimeException e) {
                Logger.error(e, "the open alerts of {} could not be shown on output {}: {}", rule, name, e.getMessage());
            }
        }
    }

    /** The running output of that name, opened at its first use; {@code log} when it is not declared. */
    private synchronized AlertOutput output(String name) {
        return opened.computeIfAbsent(name, key -> {
            return OutputKinds.declaredOrLog(config.outputs(), key).open(links);
        });
    }
}
