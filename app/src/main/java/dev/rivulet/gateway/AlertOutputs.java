package dev.rivulet.gateway;

import dev.rivulet.alerts.Alert;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.config.OutputSettings;
import dev.rivulet.config.RivuletConfig;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.MessagePublisher;
import dev.rivulet.storage.OutboxMessage;
import java.util.List;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * Delivers alerts to the outputs a rule names.
 *
 * <ul>
 *   <li>{@code log}: one line per change.</li>
 *   <li>{@code mqtt}: JSON to a local topic (the driver's display), retained so a display that reconnects
 *   shows the current state; published at once.</li>
 *   <li>{@code gpio}: the pin is on (or blinking) while any alert of the rule is open on it.</li>
 *   <li>{@code upstream}: into the outbox, committed with the checkpoint and forwarded when the link is up.</li>
 * </ul>
 *
 * Local outputs act when the batch's outputs run; should the power fail before that batch's checkpoint,
 * the batch runs again at restart and the same alert (same id) is sent again — idempotent for a retained
 * topic and a pin. Upstream alerts go through the outbox, which skips ids already queued or delivered.
 */
final class AlertOutputs {

    private final RivuletConfig config;
    private final Function<String, MessagePublisher> publishers;
    private final Function<OutputSettings, DigitalOutput> pins;
    private final OutboxBuffer outbox;
    private final LiveFleet fleet;

    AlertOutputs(RivuletConfig config, Function<String, MessagePublisher> publishers,
                 Function<OutputSettings, DigitalOutput> pins, OutboxBuffer outbox, LiveFleet fleet) {
        this.config = config;
        this.publishers = publishers;
        this.pins = pins;
        this.outbox = outbox;
        this.fleet = fleet;
    }

    void deliver(Alert alert, List<String> outputs) {
        fleet.alert(alert);
        byte[] json = AlertMessages.json(alert, config.gatewayId());
        for (String name : outputs) {
            OutputSettings output = config.outputs().getOrDefault(name,
                    new OutputSettings("log", "log", null, null, 0, false, -1, null, null));
            try {
                switch (output.type()) {
                    case "mqtt" -> publishers.apply(output.broker()).publish(
                            AlertMessages.topic(output.topic(), alert, config.gatewayId()), json, output.qos(),
                            output.retained(), error -> {
                                if (error != null) {
                                    Logger.warn("alert {} not delivered to {}: {}", alert.id(), name, error.getMessage());
                                }
                            });
                    case "gpio" -> pin(output, alert);
                    case "upstream" -> outbox.add(new OutboxMessage(alert.id(),
                            AlertMessages.topic(config.upstream().alerts(), alert, config.gatewayId()), json,
                            config.upstream().qos(), false));
                    default -> Logger.info("ALERT {} {} {} ({}) value {}", alert.raised() ? "RAISED" : "CLEARED",
                            alert.rule(), alert.key(), alert.detail(), String.format("%.2f", alert.value()));
                }
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
            OutputSettings output = config.outputs().get(name);
            if (output != null && "gpio".equals(output.type())) {
                try {
                    showOnPin(output, rule);
                } catch (RuntimeException e) {
                    Logger.error(e, "the open alerts of {} could not be shown on output {}: {}", rule, name, e.getMessage());
                }
            }
        }
    }

    private void pin(OutputSettings output, Alert alert) {
        showOnPin(output, alert.rule());
    }

    private void showOnPin(OutputSettings output, String rule) {
        DigitalOutput pin = pins.apply(output);
        boolean anyOpen = fleet.openAlerts().stream().anyMatch(open -> open.rule().equals(rule));
        if (!anyOpen) {
            pin.off();
        } else if ("blink".equals(output.mode())) {
            pin.blink(500, 500);
        } else {
            pin.on();
        }
    }

    /** The result of each bus for a pipeline's mqtt output: {@code {"bus":..,"occupancy":..,"load":..}}. */
    static byte[] busJson(String bus, long occupancy, int capacity, double load) {
        return Json.object(json -> {
            json.writeStringField("bus", bus);
            json.writeNumberField("occupancy", occupancy);
            json.writeNumberField("capacity", capacity);
            json.writeNumberField("load", Math.round(load * 1000) / 1000.0);
        });
    }
}
