package dev.rivulet.config;

import dev.rivulet.sensors.decode.DecodeLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where readings come from: {@code sources.NAME}. {@code type} picks the kind; the other keys depend on it.
 *
 * @param name     the source's name (also the receiver's name in logs and checkpoints)
 * @param type     mqtt, gpio, simulator, socket or directory
 * @param buffer   readings buffered before the source is slowed down (default 65536)
 * @param mqtt     settings for {@code type: mqtt}
 * @param gpio     settings for {@code type: gpio}
 * @param simulator settings for {@code type: simulator}
 * @param socket   settings for {@code type: socket}
 * @param directory settings for {@code type: directory}
 * @param decoder  how payloads become readings (mqtt, socket, directory)
 */
public record SourceSettings(String name, String type, int buffer, Mqtt mqtt, Gpio gpio, Simulator simulator,
                             Socket socket, Directory directory, Decoder decoder) {

    /** {@code type: mqtt}: broker, topic filters ({@code +}/{@code #}), QoS 0 or 1 (default 1). */
    public record Mqtt(String broker, List<String> topics, int qos) {
    }

    /** One counted input pin: each edge is one unit of {@code field} for {@code key}. */
    public record Pin(int pin, String key, String field, String pull, String edge, Duration debounce) {
    }

    /** {@code type: gpio}: the Pi4J provider (gpiod by default, mock for tests) and the pins. */
    public record Gpio(String provider, List<Pin> pins) {
    }

    /**
     * {@code type: simulator}: a seeded bus fleet.
     *
     * @param buses     how many buses (default 8)
     * @param stops     stops per route (default 12)
     * @param capacity  passengers per bus (default 60)
     * @param seed      the random seed (default 1): the same seed gives the same readings
     * @param speed     simulated seconds per real second (default 60: a day in 24 minutes)
     * @param faulty    share of faulty readings (default 1%)
     * @param startHour simulated hour of day at start (default 7: the morning rush)
     */
    public record Simulator(int buses, int stops, int capacity, long seed, double speed, double faulty, int startHour) {
    }

    /** {@code type: socket}: a TCP server accepting lines, like Spark's socketTextStream. */
    public record Socket(String host, int port) {
    }

    /** {@code type: directory}: new files in a folder, each line a reading (files present at start are skipped). */
    public record Directory(String path) {
    }

    /**
     * How a payload becomes a reading.
     *
     * @param format   json (default), number or csv
     * @param key      the JSON field or CSV column holding the key (default {@code bus})
     * @param keyFromTopic a topic pattern whose {@code +} level is the key, e.g. {@code buses/+/door}
     * @param fields   numeric fields (JSON names or CSV columns in order)
     * @param labels   string fields kept as labels, e.g. {@code stop}
     * @param time     the field holding the event time, epoch ms or s (default {@code ts}; arrival time when absent)
     * @param field    for {@code number}: the name of the one field (default {@code value})
     * @param columns  for {@code csv}: the role of each column: {@code key}, {@code time}, {@code label:NAME},
     *                 {@code _} (ignored) or a numeric field (default {@code key, label:stop, in, out})
     * @param maxMagnitude {@code max-magnitude}: a reading with a numeric field whose absolute value is larger
     *                 (or that is not finite) is dead-lettered with the field, the value and this limit
     *                 (default 1e9: past any count a door sends, far below where sums of counts overflow)
     */
    public record Decoder(String format, String key, String keyFromTopic, List<String> fields, List<String> labels,
                          String time, String field, List<String> columns, double maxMagnitude) {
    }

    static SourceSettings read(String name, ConfigNode node) {
        String type = node.choice("type", null, "mqtt", "gpio", "simulator", "socket", "directory");
        int buffer = node.integer("buffer", 65_536, 16, 10_000_000);
        Mqtt mqtt = null;
        Gpio gpio = null;
        Simulator simulator = null;
        Socket socket = null;
        Directory directory = null;
        Decoder decoder = null;
        if ("mqtt".equals(type)) {
            mqtt = new Mqtt(node.required("broker", "the name of a broker under brokers"), node.strings("topics", List.of()), node.integer("qos", 1, 0, 1));
            if (mqtt.topics().isEmpty()) {
                node.problem("topics", "is required: list the topic filters to subscribe to, e.g. [buses/+/door]");
            }
            decoder = decoder(node.child("decoder"));
        } else if ("gpio".equals(type)) {
            gpio = new Gpio(node.choice("provider", "gpiod", "gpiod", "mock"), pins(node));
        } else if ("simulator".equals(type)) {
            simulator = new Simulator(node.integer("buses", 8, 1, 10_000), node.integer("stops", 12, 2, 1000),
                    node.integer("capacity", 60, 1, 1000), node.integer("seed", 1, 0, Integer.MAX_VALUE),
                    node.number("speed", 60, 0.001, 100_000), node.fraction("faulty", 0.01),
                    node.integer("start-hour", 7, 0, 23));
        } else if ("socket".equals(type)) {
            socket = new Socket(node.string("host", "127.0.0.1"), node.integer("port", 9999, 1, 65_535));
            decoder = decoder(node.child("decoder"));
        } else if ("directory".equals(type)) {
            directory = new Directory(node.required("path", "the folder to watch"));
            decoder = decoder(node.child("decoder"));
        }
        node.rejectUnknown();
        return new SourceSettings(name, type, buffer, mqtt, gpio, simulator, socket, directory, decoder);
    }

    private static List<Pin> pins(ConfigNode node) {
        List<Pin> pins = new ArrayList<>();
        for (Map.Entry<String, ConfigNode> entry : node.named("pins").entrySet()) {
            ConfigNode pin = entry.getValue();
            int number;
            try {
                number = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                pin.problem("", entry.getKey() + " is not a BCM pin number; key each pin by its number, e.g. 17:");
                continue;
            }
            pins.add(new Pin(number, pin.required("key", "the key (bus id) this pin counts for"), pin.string("field", "in"),
                    pin.choice("pull", "up", "up", "down", "off"), pin.choice("edge", "falling", "falling", "rising", "both"),
                    pin.duration("debounce", Duration.ofMillis(5))));
            pin.rejectUnknown();
        }
        if (pins.isEmpty()) {
            node.problem("pins", "is required: map each BCM pin number to the key and field it counts");
        }
        return pins;
    }

    private static Decoder decoder(ConfigNode node) {
        String format = node.choice("format", "json", "json", "number", "csv");
        Decoder decoder = new Decoder(format, node.string("key", "bus"), node.string("key-from-topic", null),
                node.strings("fields", List.of("in", "out")), node.strings("labels", List.of("stop")),
                node.string("time", "ts"), node.string("field", "value"),
                node.strings("columns", List.of("key", "label:stop", "in", "out")), maxMagnitude(node));
        node.rejectUnknown();
        return decoder;
    }

    private static double maxMagnitude(ConfigNode node) {
        String text = node.string("max-magnitude", null);
        if (text == null) {
            return DecodeLimits.DEFAULT_MAX_MAGNITUDE;
        }
        try {
            double limit = Double.parseDouble(text.trim());
            if (limit > 0 && Double.isFinite(limit)) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        node.problem("max-magnitude", text + " is not a positive number: write the largest absolute value a numeric"
                + " field may have, e.g. 1e9");
        return DecodeLimits.DEFAULT_MAX_MAGNITUDE;
    }
}
