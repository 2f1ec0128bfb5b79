package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.sensors.decode.CsvDecoder;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.JsonDecoder;
import dev.rivulet.sensors.decode.NumberDecoder;
import dev.rivulet.sensors.decode.PayloadDecoder;
import java.util.List;

/**
 * How a payload becomes a reading: the {@code decoder} of an mqtt, socket or directory source.
 *
 * @param format       json, number or csv
 * @param key          the JSON field or CSV column holding the key
 * @param keyFromTopic a topic pattern whose {@code +} level is the key, e.g. {@code buses/+/door}
 * @param fields       numeric fields (JSON names or CSV columns in order)
 * @param labels       string fields kept as labels, e.g. {@code stop}
 * @param time         the field holding the event time, epoch ms or s (arrival time when absent)
 * @param field        for {@code number}: the name of the one field
 * @param columns      for {@code csv}: the role of each column: {@code key}, {@code time}, {@code label:NAME},
 *                     {@code _} (ignored) or a numeric field
 * @param maxMagnitude a reading with a numeric field whose absolute value is larger (or that is not finite) is
 *                     dead-lettered with the field, the value and this limit
 */
public record Decoder(String format, String key, String keyFromTopic, List<String> fields, List<String> labels,
                      String time, String field, List<String> columns, double maxMagnitude) {

    /** The {@code decoder} key of the kinds that decode payloads. */
    static final Key DECODER = new Key("decoder", Key.Type.MAP, "", "how a payload becomes a reading: the keys below");

    private static final Key FORMAT = new Key("format", Key.Type.CHOICE, "json", "json, number (a bare value per topic) or csv");
    private static final Key KEY = new Key("key", Key.Type.STRING, "bus", "the field naming the bus (JSON field or CSV column)");
    private static final Key KEY_FROM_TOPIC = new Key("key-from-topic", Key.Type.STRING, "",
            "instead of key: the topic level matched by +, e.g. buses/+/door");
    private static final Key FIELDS = new Key("fields", Key.Type.LIST, "[in, out]", "numeric fields");
    private static final Key LABELS = new Key("labels", Key.Type.LIST, "[stop]", "string fields kept with the reading");
    private static final Key TIME = new Key("time", Key.Type.STRING, "ts",
            "the field holding the event time (epoch s or ms); the arrival time when absent");
    private static final Key FIELD = new Key("field", Key.Type.STRING, "value", "format number: the name of its one field");
    private static final Key COLUMNS = new Key("columns", Key.Type.LIST, "[key, label:stop, in, out]",
            "format csv: each column's role: key, time, label:NAME, _ (ignored) or a numeric field");
    private static final Key MAX_MAGNITUDE = new Key("max-magnitude", Key.Type.NUMBER,
            String.valueOf(DecodeLimits.DEFAULT_MAX_MAGNITUDE),
            "a number larger than this (either sign), NaN or infinite is dead-lettered");

    /** The keys under {@code decoder}. */
    public static final List<Key> KEYS = List.of(FORMAT, KEY, KEY_FROM_TOPIC, FIELDS, LABELS, TIME, FIELD, COLUMNS,
            MAX_MAGNITUDE);

    static Decoder read(ConfigNode source) {
        ConfigNode node = source.child(DECODER.name());
        Decoder decoder = new Decoder(FORMAT.choice(node, List.of("json", "number", "csv")), KEY.string(node),
                KEY_FROM_TOPIC.string(node), FIELDS.strings(node), LABELS.strings(node), TIME.string(node),
                FIELD.string(node), COLUMNS.strings(node), maxMagnitude(node));
        node.rejectUnknown();
        return decoder;
    }

    private static double maxMagnitude(ConfigNode node) {
        double fallback = Double.parseDouble(MAX_MAGNITUDE.fallback());
        String text = node.string(MAX_MAGNITUDE.name(), null);
        if (text == null) {
            return fallback;
        }
        try {
            double limit = Double.parseDouble(text.trim());
            if (limit > 0 && Double.isFinite(limit)) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        node.problem(MAX_MAGNITUDE.name(), text + " is not a positive number: write the largest absolute value a numeric"
                + " field may have, e.g. 1e9");
        return fallback;
    }

    /** The sensors module's decoder for the source {@code source}, refusing payloads over the default 64 KiB. */
    PayloadDecoder open(String source) {
        return open(source, DecodeLimits.DEFAULT.maxPayloadBytes());
    }

    /** The sensors module's decoder for the source {@code source}, refusing payloads over {@code maxPayloadBytes}. */
    PayloadDecoder open(String source, int maxPayloadBytes) {
        DecodeLimits limits = new DecodeLimits(maxPayloadBytes, DecodeLimits.DEFAULT.maxFuture(), DecodeLimits.DEFAULT.maxPast(),
                maxMagnitude);
        return switch (format) {
            case "number" -> new NumberDecoder(source, field, keyFromTopic, limits);
            case "csv" -> new CsvDecoder(source, columns, ',', keyFromTopic, limits);
            default -> {
                JsonDecoder.Builder json = JsonDecoder.builder(source).timeField(time).limits(limits);
                if (keyFromTopic != null) {
                    json.keyPattern(keyFromTopic);
                } else {
                    json.keyField(key);
                }
                fields.forEach(json::field);
                labels.forEach(label -> json.label(label, label));
                yield json.build();
            }
        };
    }
}
