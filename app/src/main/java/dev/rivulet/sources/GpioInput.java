package dev.rivulet.sources;

import com.pi4j.io.gpio.digital.PullResistance;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.gpio.BeamCounters;
import dev.rivulet.sensors.gpio.EdgeCounterSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: gpio}: infrared beam counters on GPIO pins, one pulse per passenger, counted once per batch.
 *
 * @param name     the source's name
 * @param limits  what the source may buffer and take: buffer, max-rate, max-keys
 * @param provider the Pi4J provider: gpiod (Raspberry Pi 4 and 5) or mock (tests)
 * @param pins     the counted pins
 */
public record GpioInput(String name, SourceLimits limits, String provider, List<Pin> pins) implements SourceKind {

    /** One counted input pin: each edge is one unit of {@code field} for {@code key}. */
    public record Pin(int pin, String key, String field, String pull, String edge, Duration debounce) {
    }

    private static final Key PROVIDER = new Key("provider", Key.Type.CHOICE, "gpiod",
            "the Pi4J provider: gpiod (Raspberry Pi 4 and 5) or mock");
    private static final Key PINS = new Key("pins", Key.Type.MAP, "",
            "each BCM pin number mapped to the key and field it counts");

    private static final Key PIN_KEY = new Key("key", Key.Type.STRING, "", "the key (bus id) this pin counts for");
    private static final Key PIN_FIELD = new Key("field", Key.Type.STRING, "in", "the field one pulse adds 1 to");
    private static final Key PIN_PULL = new Key("pull", Key.Type.CHOICE, "up", "the pull resistor: up, down or off");
    private static final Key PIN_EDGE = new Key("edge", Key.Type.CHOICE, "falling", "the counted edge: falling, rising or both");
    private static final Key PIN_DEBOUNCE = new Key("debounce", Key.Type.DURATION, "5ms", "pulses closer than this count once");

    /** The keys of each pin under {@code pins}. */
    public static final List<Key> PIN_KEYS = List.of(PIN_KEY, PIN_FIELD, PIN_PULL, PIN_EDGE, PIN_DEBOUNCE);

    static final Kind<SourceKind> KIND = new Kind<>("gpio", List.of(PROVIDER, PINS), GpioInput::read);

    private static GpioInput read(String name, ConfigNode node) {
        return new GpioInput(name, SourceLimits.read(node),
                PROVIDER.choice(node, List.of("gpiod", "mock")), pins(node));
    }

    private static List<Pin> pins(ConfigNode node) {
        List<Pin> pins = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> entry : node.named(PINS.name()).entrySet()) {
            ConfigNode pin = entry.getValue();
            int number;
            try {
                number = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                pin.problem("", entry.getKey() + " is not a BCM pin number; key each pin by its number, e.g. 17:");
                continue;
            }
            pins.add(new Pin(number, PIN_KEY.required(pin), PIN_FIELD.string(pin),
                    PIN_PULL.choice(pin, List.of("up", "down", "off")), PIN_EDGE.choice(pin, List.of("falling", "rising", "both")),
                    PIN_DEBOUNCE.duration(pin)));
            pin.rejectUnknown();
        }
        if (pins.isEmpty()) {
            node.problem(PINS.name(), "is required: map " + PINS.meaning());
        }
        return pins;
    }

    /** The beams the sensors module counts, one per pin. */
    public List<BeamCounters.Beam> beams() {
        List<BeamCounters.Beam> beams = new ArrayList<>();
        for (Pin pin : pins) {
            beams.add(new BeamCounters.Beam(pin.pin(), pin.key(), pin.field(), switch (pin.pull()) {
                case "down" -> PullResistance.PULL_DOWN;
                case "off" -> PullResistance.OFF;
                default -> PullResistance.PULL_UP;
            }, pin.debounce(), EdgeCounterSource.Edge.valueOf(pin.edge().toUpperCase(Locale.ROOT))));
        }
        return beams;
    }

    @Override
    public Source open(SourceLinks links) {
        return new BeamCounters(name, provider, beams(), links.batchInterval());
    }
}
