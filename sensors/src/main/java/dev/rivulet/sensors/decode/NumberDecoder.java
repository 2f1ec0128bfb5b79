package dev.rivulet.sensors.decode;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes a bare number, as devices publishing one topic per sensor do (Tasmota, Zigbee2MQTT):
 * {@code sensors/kitchen/temperature → 21.5}. The key comes from the topic pattern's {@code +} level, or is the
 * whole topic. The event time is the arrival time.
 */
public final class NumberDecoder implements PayloadDecoder {
    /** Longest text that can still be a number; anything longer is refused without parsing. */
    private static final int MAX_NUMBER_CHARS = 64;

    private final String source;
    private final String field;
    private final ReadingSchema schema;
    private final KeySource keys;
    private final DecodeLimits limits;

    /**
     * @param field      the field name the number is kept under, e.g. {@code value}
     * @param keyPattern a topic filter whose first {@code +} gives the key, or null to key by the whole topic
     */
    public NumberDecoder(String source, String field, String keyPattern, DecodeLimits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.field = Objects.requireNonNull(field, "field");
        this.schema = ReadingSchema.of(field);
        this.keys = new KeySource(keyPattern == null ? null : new TopicPattern(keyPattern));
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public void decode(String topic, byte[] payload, long arrivalTime, DecodeResult out) {
        if (limits.rejectOversize(payload, out)) {
            return;
        }
        if (payload.length > MAX_NUMBER_CHARS) {
            out.reject(payload, "not a number: " + payload.length + " bytes");
            return;
        }
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            out.reject(payload, "not a number: '" + text + "'");
            return;
        }
        String bad = limits.checkValue(field, value);
        if (bad != null) {
            out.reject(payload, bad);
            return;
        }
        String key = keys.keyFor(topic);
        if (key == null) {
            out.reject(payload, keys.mismatch(topic));
            return;
        }
        String badKey = DecodeLimits.checkTexts(key, null, null);
        if (badKey != null) {
            out.reject(payload, badKey);
            return;
        }
        out.add(new Reading(source, key, arrivalTime, arrivalTime, schema, new double[] {value}, null));
    }
}
