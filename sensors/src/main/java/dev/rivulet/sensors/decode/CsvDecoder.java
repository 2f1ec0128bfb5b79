package dev.rivulet.sensors.decode;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decodes CSV lines, one reading per line; a message may hold several lines. Columns are declared once, e.g.
 * {@code key,time,boardings,alightings,label:stop,_}: {@code key} is the reading's key (else the topic gives it),
 * {@code time} the event time in epoch millis (else arrival time), {@code label:NAME} a string label, {@code _}
 * an ignored column, anything else a required numeric field. No quoting: values must not contain the delimiter.
 * Empty lines and lines starting with {@code #} are skipped; each bad line is refused on its own.
 */
public final class CsvDecoder implements PayloadDecoder {
    private static final int KEY = -1;
    private static final int TIME = -2;
    private static final int IGNORED = -3;
    private static final int LABEL_BASE = -1000;

    private final String source;
    private final char delimiter;
    private final int[] roles;
    private final ReadingSchema schema;
    private final KeySource keys;
    private final DecodeLimits limits;

    /**
     * @param columns    column roles as described above
     * @param keyPattern a topic filter giving the key when there is no {@code key} column; null for the whole topic
     */
    public CsvDecoder(String source, List<String> columns, char delimiter, String keyPattern, DecodeLimits limits) {
        this.source = Objects.requireNonNull(source, "source");
        this.delimiter = delimiter;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.keys = new KeySource(keyPattern == null ? null : new TopicPattern(keyPattern));
        List<String> fields = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        roles = new int[columns.size()];
        for (int c = 0; c < roles.length; c++) {
            String col = columns.get(c).trim();
            if (col.equals("key")) {
                roles[c] = KEY;
            } else if (col.equals("time")) {
                roles[c] = TIME;
            } else if (col.equals("_")) {
                roles[c] = IGNORED;
            } else if (col.startsWith("label:")) {
                roles[c] = LABEL_BASE - labels.size();
                labels.add(col.substring("label:".length()));
            } else if (col.isEmpty()) {
                throw new IllegalArgumentException("CSV column " + (c + 1) + " of " + columns + " has no name; use '_' to ignore a column");
            } else {
                roles[c] = fields.size();
                fields.add(col);
            }
        }
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("CSV columns " + columns + " declare no numeric field");
        }
        this.schema = ReadingSchema.of(fields, labels);
    }

    /** Comma-separated columns given as one string, e.g. {@code "key,time,boardings,alightings,label:stop"}. */
    public static CsvDecoder of(String source, String columns, String keyPattern) {
        return new CsvDecoder(source, Arrays.asList(columns.split(",")), ',', keyPattern, DecodeLimits.DEFAULT);
    }

    public ReadingSchema schema() {
        return schema;
    }

    @Override
    public void decode(String topic, byte[] payload, long arrivalTime, DecodeResult out) {
        if (limits.rejectOversize(payload, out)) {
            return;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.isBlank() && !line.startsWith("#")) {
                String reason = decodeLine(topic, line, arrivalTime, out);
                if (reason != null) {
                    out.reject(line.getBytes(StandardCharsets.UTF_8), reason);
                }
            }
            start = end + 1;
        }
    }

    private String decodeLine(String topic, String line, long arrivalTime, DecodeResult out) {
        double[] values = new double[schema.fieldCount()];
        String[] labels = schema.labelCount() == 0 ? null : new String[schema.labelCount()];
        String key = null;
        long eventTime = arrivalTime;
        int column = 0;
        int start = 0;
        while (true) {
            int end = line.indexOf(delimiter, start);
            if (end < 0) {
                end = line.length();
            }
            if (column >= roles.length) {
                return "more than " + roles.length + " columns";
            }
            String cell = line.substring(start, end).trim();
            int role = roles[column];
            if (role >= 0) {
                double value;
                try {
                    value = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    return "column " + (column + 1) + " ('" + schema.fieldName(role) + "') is not a number: '" + cell + "'";
                }
                String bad = limits.checkValue(schema.fieldName(role), value);
                if (bad != null) {
                    return bad;
                }
                values[role] = value;
            } else if (role == KEY) {
                key = cell;
            } else if (role == TIME) {
                try {
                    eventTime = Long.parseLong(cell);
                } catch (NumberFormatException e) {
                    return "column " + (column + 1) + " (time) is not epoch millis: '" + cell + "'";
                }
            } else if (role <= LABEL_BASE) {
                labels[LABEL_BASE - role] = cell;
            }
            column++;
            if (end == line.length()) {
                break;
            }
            start = end + 1;
        }
        if (column != roles.length) {
            return column + " columns where " + roles.length + " were expected";
        }
        if (key == null || key.isEmpty()) {
            key = keys.keyFor(topic);
            if (key == null) {
                return keys.mismatch(topic);
            }
        }
        String badTime = limits.checkTime(eventTime, arrivalTime);
        if (badTime != null) {
            return badTime;
        }
        String badText = DecodeLimits.checkTexts(key, schema::labelName, labels);
        if (badText != null) {
            return badText;
        }
        out.add(new Reading(source, key, eventTime, arrivalTime, schema, values, labels));
        return null;
    }
}
