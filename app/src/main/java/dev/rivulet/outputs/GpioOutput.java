package dev.rivulet.outputs;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.DigitalOutput;
import java.util.List;

/**
 * {@code type: gpio}: an LED or buzzer on a pin, on (or blinking) while any alert of the rule is open.
 *
 * @param name     the output's name
 * @param pin      the BCM pin number
 * @param mode     on (steady) or blink
 * @param provider the Pi4J provider: gpiod (Raspberry Pi 4 and 5), or mock
 */
public record GpioOutput(String name, int pin, String mode, String provider) implements OutputKind {

    private static final Key PIN = new Key("pin", Key.Type.INTEGER, "",
            "the BCM number of the pin driving the LED or buzzer");
    private static final Key MODE = new Key("mode", Key.Type.CHOICE, "on",
            "on (steady while an alert is open) or blink");
    private static final Key PROVIDER = new Key("provider", Key.Type.CHOICE, "gpiod",
            "the Pi4J provider: gpiod (Raspberry Pi 4 and 5) or mock");

    static final Kind<OutputKind> KIND = new Kind<>("gpio", List.of(PIN, MODE, PROVIDER), GpioOutput::read);

    private static GpioOutput read(String name, ConfigNode node) {
        int pin = node.integer(PIN.name(), -1, 0, 63);
        if (pin < 0) {
            node.problem(PIN.name(), "is required: " + PIN.meaning());
        }
        return new GpioOutput(name, pin, MODE.choice(node, List.of("on", "blink")),
                PROVIDER.choice(node, List.of("gpiod", "mock")));
    }

    /** A pin shows whether alerts are open; a stream of numbers has no place on it. */
    @Override
    public ResultRoute results() {
        return new ResultRoute.Refuses("a gpio output shows whether a rule's alerts are open and takes no pipeline"
                + " results: send results to an mqtt, log or upstream output, and watch the pipeline with an alert rule"
                + " whose outputs include this one");
    }

    @Override
    public AlertOutput open(OutputLinks links) {
        return new AlertOutput() {
            @Override
            public void deliver(dev.rivulet.alerts.Alert alert, byte[] json) {
                showOpen(alert.rule());
            }

            @Override
            public void showOpen(String rule) {
                DigitalOutput output = links.pins().apply(new PinRequest(name, pin, provider));
                if (!links.ruleHasOpenAlerts().test(rule)) {
                    output.off();
                } else if ("blink".equals(mode)) {
                    output.blink(500, 500);
                } else {
                    output.on();
                }
            }
        };
    }
}
