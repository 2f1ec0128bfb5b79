package dev.rivulet.sensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One measurement from one source: who sent it, its key (a bus id, a pin), when it happened, when it arrived,
 * its numeric fields and optional string labels. Immutable. Field and label names live in a shared
 * {@link ReadingSchema}; a reading carries only a {@code double[]} and, when the schema has labels, a
 * {@code String[]}.
 */
public final class Reading {
    private static final String[] NO_LABELS = new String[0];

    private final String source;
    private final String key;
    private final long eventTime;
    private final long arrivalTime;
    private final ReadingSchema schema;
    private final double[] values;
    private final String[] labels;

    /**
     * The hot-path constructor. The arrays are taken as they are (not copied): the caller hands them over
     * and must not change them afterwards.
     */
    public Reading(String source, String key, long eventTime, long arrivalTime,
                   ReadingSchema schema, double[] values, String[] labels) {
        this.source = Objects.requireNonNull(source, "source");
        this.key = Objects.requireNonNull(key, "key");
        this.eventTime = eventTime;
        this.arrivalTime = arrivalTime;
        this.schema = Objects.requireNonNull(schema, "schema");
        this.values = Objects.requireNonNull(values, "values");
        this.labels = labels == null ? NO_LABELS : labels;
        if (values.length != schema.fieldCount()) {
            throw new IllegalArgumentException(values.length + " values for " + schema);
        }
        if (schema.labelCount() != this.labels.length) {
            throw new IllegalArgumentException(this.labels.length + " labels for " + schema);
        }
    }

    /** A reading with numeric fields only; convenient for tests, not for the hot path. */
    public static Reading of(String source, String key, long eventTime, long arrivalTime, Map<String, Double> fields) {
        return of(source, key, eventTime, arrivalTime, fields, Map.of());
    }

    /** A reading with numeric fields and labels; convenient for tests, not for the hot path. */
    public static Reading of(String source, String key, long eventTime, long arrivalTime,
                             Map<String, Double> fields, Map<String, String> labels) {
        List<String> names = new ArrayList<>(fields.keySet());
        List<String> labelNames = new ArrayList<>(labels.keySet());
        double[] values = new double[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(names.get(i));
        }
        String[] labelValues = new String[labelNames.size()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.get(labelNames.get(i));
        }
        return new Reading(source, key, eventTime, arrivalTime, ReadingSchema.of(names, labelNames), values, labelValues);
    }

    public String source() {
        return source;
    }

    public String key() {
        return key;
    }

    /** Epoch millis when the measurement was taken: from the payload when it had a time, else {@link #arrivalTime()}. */
    public long eventTime() {
        return eventTime;
    }

    /** Epoch millis when Rivulet received it. */
    public long arrivalTime() {
        return arrivalTime;
    }

    public ReadingSchema schema() {
        return schema;
    }

    /** The named numeric field, or NaN when this reading has no such field. */
    public double value(String field) {
        int i = schema.fieldIndex(field);
        return i < 0 ? Double.NaN : values[i];
    }

    public boolean has(String field) {
        return schema.fieldIndex(field) >= 0;
    }

    public int fieldCount() {
        return values.length;
    }

    public String fieldName(int i) {
        return schema.fieldName(i);
    }

    public double value(int i) {
        return values[i];
    }

    /** The named label (e.g. {@code stop}), or null when absent. */
    public String label(String name) {
        int i = schema.labelIndex(name);
        return i < 0 ? null : labels[i];
    }

    /** The fields as a map, in schema order; allocates, so keep it off the hot path. */
    public Map<String, Double> fields() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(schema.fieldName(i), values[i]);
        }
        return map;
    }

    /** The labels as a map, in schema order, skipping absent ones; allocates. */
    public Map<String, String> labels() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null) {
                map.put(schema.labelName(i), labels[i]);
            }
        }
        return map;
    }

    /** Equal when source, key, both times, and every field and label (by name) are equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Reading r)) {
            return false;
        }
        if (eventTime != r.eventTime || arrivalTime != r.arrivalTime || !source.equals(r.source) || !key.equals(r.key)) {
            return false;
        }
        if (schema.equals(r.schema)) {
            return Arrays.equals(values, r.values) && Arrays.equals(labels, r.labels);
        }
        return fields().equals(r.fields()) && labels().equals(r.labels());
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, key, eventTime, arrivalTime, fields(), labels());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Reading{").append(source).append(' ').append(key)
                .append(" @").append(eventTime);
        if (arrivalTime != eventTime) {
            b.append(" (arrived ").append(arrivalTime).append(')');
        }
        for (int i = 0; i < values.length; i++) {
            b.append(' ').append(schema.fieldName(i)).append('=').append(values[i]);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null) {
                b.append(' ').append(schema.labelName(i)).append("='").append(labels[i]).append('\'');
            }
        }
        return b.append('}').toString();
    }
}
