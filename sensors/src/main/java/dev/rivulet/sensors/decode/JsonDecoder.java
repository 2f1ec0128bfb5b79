package dev.rivulet.sensors.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes one flat JSON object per message with Jackson's streaming parser, e.g.
 * {@code {"bus":"12","in":3,"out":1,"stop":"S4","ts":1732150000000}} with fields {@code in→boardings},
 * {@code out→alightings}, key field {@code bus}, label {@code stop}, time field {@code ts}.
 *
 * <p>Every configured numeric field is required; numbers and booleans (as 1/0) are accepted. Labels are optional.
 * Unknown members and nested values are skipped. Without a key field the key comes from the topic.
 */
public final class JsonDecoder implements PayloadDecoder {

    /** How the JSON maps onto a reading. Build with {@link #builder(String)}. */
    public record Settings(String source, String keyField, String timeField, boolean timeInSeconds,
                           Map<String, String> fields, Map<String, String> labels,
                           TopicPattern keyPattern, DecodeLimits limits) {
        public Settings {
            Objects.requireNonNull(source, "source");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
            labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("JSON decoder for '" + source + "' needs at least one numeric field");
            }
            Objects.requireNonNull(limits, "limits");
        }
    }

    /** Collects {@link Settings}; defaults: no key field (key from topic), no time field (arrival time), millis, default limits. */
    public static final class Builder {
        private final String source;
        private String keyField;
        private String timeField;
        private boolean timeInSeconds;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private TopicPattern keyPattern;
        private DecodeLimits limits = DecodeLimits.DEFAULT;

        private Builder(String source) {
            this.source = source;
        }

        /** The member holding the key (string or number). */
        public Builder keyField(String name) {
            this.keyField = name;
            return this;
        }

        /** The member holding the event time: epoch millis (or seconds, see {@link #timeInSeconds}) or an ISO-8601 instant. */
        public Builder timeField(String name) {
            this.timeField = name;
            return this;
        }

        public Builder timeInSeconds(boolean seconds) {
            this.timeInSeconds = seconds;
            return this;
        }

        /** A required numeric member, kept under the same name. */
        public Builder field(String name) {
            return field(name, name);
        }

        /** A required numeric member {@code jsonName}, kept as {@code fieldName}. */
        public Builder field(String jsonName, String fieldName) {
            fields.put(jsonName, fieldName);
            return this;
        }

        /** An optional string member kept as a label. */
        public Builder label(String jsonName, String labelName) {
            labels.put(jsonName, labelName);
            return this;
        }

        /** Takes the key from the topic's first {@code +} level when the JSON has no key field. */
        public Builder keyPattern(String topicFilter) {
            this.keyPattern = new TopicPattern(topicFilter);
            return this;
        }

        public Builder limits(DecodeLimits limits) {
            this.limits = limits;
            return this;
        }

        public JsonDecoder build() {
            return new JsonDecoder(new Settings(source, keyField, timeField, timeInSeconds, fields, labels, keyPattern, limits));
        }
    }

    public static Builder builder(String source) {
        return new Builder(source);
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(64).build())
            .build();

    private final Settings settings;
    private final ReadingSchema schema;
    private final String[] fieldMembers;
    private final String[] labelMembers;
    private final KeySource keys;

    public JsonDecoder(Settings settings) {
        this.settings = settings;
        this.fieldMembers = internAll(settings.fields().keySet());
        this.labelMembers = internAll(settings.labels().keySet());
        List<String> fieldNames = new ArrayList<>();
        for (String member : fieldMembers) {
            fieldNames.add(settings.fields().get(member));
        }
        List<String> labelNames = new ArrayList<>();
        for (String member : labelMembers) {
            labelNames.add(settings.labels().get(member));
        }
        this.schema = ReadingSchema.of(fieldNames, labelNames);
        this.keys = new KeySource(settings.keyPattern());
    }

    private static String[] internAll(Iterable<String> names) {
        List<String> list = new ArrayList<>();
        names.forEach(n -> list.add(n.intern()));
        return list.toArray(new String[0]);
    }

    public ReadingSchema schema() {
        return schema;
    }

    @Override
    public void decode(String topic, byte[] payload, long arrivalTime, DecodeResult out) {
        if (settings.limits().rejectOversize(payload, out)) {
            return;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            String reason = parse(p, topic, payload, arrivalTime, out);
            if (reason != null) {
                out.reject(payload, reason);
            }
        } catch (IOException | RuntimeException e) {
            out.reject(payload, "not JSON: " + firstLine(e.getMessage()));
        }
    }

    /** Parses one object; returns why it was refused, or null after adding the reading. */
    private String parse(JsonParser p, String topic, byte[] payload, long arrivalTime, DecodeResult out) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return "not a JSON object";
        }
        double[] values = new double[fieldMembers.length];
        boolean[] seen = new boolean[fieldMembers.length];
        String[] labels = labelMembers.length == 0 ? null : new String[labelMembers.length];
        String key = null;
        long eventTime = arrivalTime;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String member = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            if (member.equals(settings.keyField())) {
                if (v == JsonToken.VALUE_NULL) {
                    return "key field '" + member + "' is null";
                }
                key = p.getText();
                continue;
            }
            if (member.equals(settings.timeField())) {
                Long time = eventTime(p, v);
                if (time == null) {
                    return "time field '" + member + "' is not a time: " + p.getText();
                }
                eventTime = time;
                continue;
            }
            int i = ReadingSchema.indexOf(fieldMembers, member);
            if (i >= 0) {
                double value = switch (v) {
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                    case VALUE_TRUE -> 1;
                    case VALUE_FALSE -> 0;
                    default -> Double.NaN;
                };
                if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT
                        && v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                    return "field '" + member + "' is not a number: " + p.getText();
                }
                String bad = settings.limits().checkValue(member, value);
                if (bad != null) {
                    return bad;
                }
                values[i] = value;
                seen[i] = true;
                continue;
            }
            int l = labels == null ? -1 : ReadingSchema.indexOf(labelMembers, member);
            if (l >= 0 && v != JsonToken.VALUE_NULL) {
                labels[l] = p.getText();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            return "not a flat JSON object";
        }
        if (p.nextToken() != null) {
            return "trailing content after the JSON object";
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) {
                return "missing field '" + fieldMembers[i] + "'";
            }
        }
        if (key == null) {
            if (settings.keyField() != null && settings.keyPattern() == null) {
                return "missing key field '" + settings.keyField() + "'";
            }
            key = keys.keyFor(topic);
            if (key == null) {
                return keys.mismatch(topic);
            }
        }
        String badTime = settings.limits().checkTime(eventTime, arrivalTime);
        if (badTime != null) {
            return badTime;
        }
        out.add(new Reading(settings.source(), key, eventTime, arrivalTime, schema, values, labels));
        return null;
    }

    private Long eventTime(JsonParser p, JsonToken v) throws IOException {
        double scale = settings.timeInSeconds() ? 1000.0 : 1.0;
        switch (v) {
            case VALUE_NUMBER_INT:
                return settings.timeInSeconds() ? p.getLongValue() * 1000 : p.getLongValue();
            case VALUE_NUMBER_FLOAT: {
                double d = p.getDoubleValue();
                return Double.isFinite(d) ? (long) (d * scale) : null;
            }
            case VALUE_STRING:
                try {
                    return Instant.parse(p.getText()).toEpochMilli();
                } catch (DateTimeParseException e) {
                    return null;
                }
            default:
                return null;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
