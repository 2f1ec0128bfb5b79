package dev.rivulet.sensors;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The names of a reading's numeric fields and string labels, shared by every reading one decoder makes.
 * Readings keep only their values; the names live here once, interned, so a field lookup is a short scan
 * that usually succeeds on reference equality.
 */
public final class ReadingSchema {
    private static final String[] NONE = new String[0];

    private final String[] fields;
    private final String[] labels;

    private ReadingSchema(String[] fields, String[] labels) {
        this.fields = intern(fields, "field");
        this.labels = intern(labels, "label");
    }

    /** A schema with the given numeric field names and no labels. */
    public static ReadingSchema of(String... fields) {
        return new ReadingSchema(fields, NONE);
    }

    /** A schema with numeric field names and label names; names must be unique within each list. */
    public static ReadingSchema of(List<String> fields, List<String> labels) {
        return new ReadingSchema(fields.toArray(NONE), labels.toArray(NONE));
    }

    private static String[] intern(String[] names, String what) {
        String[] copy = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            Objects.requireNonNull(names[i], what + " name " + i + " is null");
            copy[i] = names[i].intern();
            for (int j = 0; j < i; j++) {
                if (copy[j] == copy[i]) {
                    throw new IllegalArgumentException(what + " name '" + copy[i] + "' appears twice in " + Arrays.toString(names));
                }
            }
        }
        return copy;
    }

    public int fieldCount() {
        return fields.length;
    }

    public String fieldName(int i) {
        return fields[i];
    }

    /** The position of a numeric field, or -1. */
    public int fieldIndex(String name) {
        return indexOf(fields, name);
    }

    public int labelCount() {
        return labels.length;
    }

    public String labelName(int i) {
        return labels[i];
    }

    /** The position of a label, or -1. */
    public int labelIndex(String name) {
        return indexOf(labels, name);
    }

    /** The position of {@code name} in interned {@code names}, or -1; tries reference equality first. */
    public static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadingSchema other
                && Arrays.equals(fields, other.fields) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(fields) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ReadingSchema" + Arrays.toString(fields) + (labels.length == 0 ? "" : " labels " + Arrays.toString(labels));
    }
}
