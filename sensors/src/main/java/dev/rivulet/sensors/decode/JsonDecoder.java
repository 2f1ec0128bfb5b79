package dev.rivulet.sensors.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.json.FlatJsonScanner;
import dev.rivulet.sensors.json.FlatMembers;
import dev.rivulet.sensors.json.FlatMembers.Kind;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes one flat JSON object per message ({@link FlatMembers}: a strict scanner, Jackson for the rest), e.g.
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

    /** One scanner a thread: a decoder is shared by a source's thread and, in tests and replays, others. */
    private static final ThreadLocal<FlatJsonScanner> SCANNER = ThreadLocal.withInitial(FlatJsonScanner::new);
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
        decode(topic, payload, payload, 0, payload.length, arrivalTime, out);
    }

    /** Reads the payload where it lies; only a refused one is copied, to be kept with its reason. */
    @Override
    public void decode(String topic, byte[] data, int from, int to, long arrivalTime, DecodeResult out) {
        if (to - from > settings.limits().maxPayloadBytes()) {
            decode(topic, Arrays.copyOfRange(data, from, to), arrivalTime, out);
            return;
        }
        decode(topic, null, data, from, to, arrivalTime, out);
    }

    /** Decodes {@code data[from, to)}; {@code whole} is the payload when that is all of {@code data}, else null. */
    private void decode(String topic, byte[] whole, byte[] data, int from, int to, long arrivalTime,
                        DecodeResult out) {
        String reason;
        try (FlatMembers members = FlatMembers.open(SCANNER.get(), JSON, data, from, to)) {
            reason = parse(members, topic, arrivalTime, out);
        } catch (IOException | RuntimeException e) {
            reason = "not JSON: " + firstLine(e.getMessage());
        }
        if (reason != null) {
            out.reject(whole != null ? whole : Arrays.copyOfRange(data, from, to), reason);
        }
    }

    /** Parses one object; returns why it was refused, or null after adding the reading. */
    private String parse(FlatMembers p, String topic, long arrivalTime, DecodeResult out) throws IOException {
        if (!p.isObject()) {
            return "not a JSON object";
        }
        // NaN marks a field not seen yet: JSON has no NaN, so no member can give one.
        double[] values = new double[fieldMembers.length];
        Arrays.fill(values, Double.NaN);
        String[] labels = labelMembers.length == 0 ? null : new String[labelMembers.length];
        String key = null;
        long eventTime = arrivalTime;
        while (p.next()) {
            Kind v = p.kind();
            if (v == Kind.NESTED) {
                continue;
            }
            if (p.nameIs(settings.keyField())) {
                if (v == Kind.NULL) {
                    return "key field '" + settings.keyField() + "' is null";
                }
                key = p.text();
                continue;
            }
            if (p.nameIs(settings.timeField())) {
                Long time = eventTime(p, v);
                if (time == null) {
                    return "time field '" + settings.timeField() + "' is not a time: " + p.text();
                }
                eventTime = time;
                continue;
            }
            int i = indexOf(p, fieldMembers);
            if (i >= 0) {
                double value = switch (v) {
                    case INT, FLOAT -> p.doubleValue();
                    case TRUE -> 1;
                    case FALSE -> 0;
                    default -> Double.NaN;
                };
                if (v != Kind.INT && v != Kind.FLOAT && v != Kind.TRUE && v != Kind.FALSE) {
                    return "field '" + fieldMembers[i] + "' is not a number: " + p.text();
                }
                String bad = settings.limits().checkValue(fieldMembers[i], value);
                if (bad != null) {
                    return bad;
                }
                values[i] = value;
                continue;
            }
            int l = labels == null ? -1 : indexOf(p, labelMembers);
            if (l >= 0 && v != Kind.NULL) {
                labels[l] = p.text();
            }
        }
        if (!p.closed()) {
            return "not a flat JSON object";
        }
        if (p.trailing()) {
            return "trailing content after the JSON object";
        }
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
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
        String badText = DecodeLimits.checkTexts(key, i -> labelMembers[i], labels);
        if (badText != null) {
            return badText;
        }
        out.add(new Reading(settings.source(), key, eventTime, arrivalTime, schema, values, labels));
        return null;
    }

    /** The index of the member's name in {@code names}, or -1. */
    private static int indexOf(FlatMembers p, String[] names) {
        for (int i = 0; i < names.length; i++) {
            if (p.nameIs(names[i])) {
                return i;
            }
        }
        return -1;
    }

    private Long eventTime(FlatMembers p, Kind v) throws IOException {
        double scale = settings.timeInSeconds() ? 1000.0 : 1.0;
        switch (v) {
            case INT:
                return settings.timeInSeconds() ? p.longValue() * 1000 : p.longValue();
            case FLOAT: {
                double d = p.doubleValue();
                return Double.isFinite(d) ? (long) (d * scale) : null;
            }
            case STRING:
                try {
                    return Instant.parse(p.text()).toEpochMilli();
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
