package dev.rivulet.baseline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A baseline as a file: one JSON object, versioned.
 *
 * <pre>
 * {"format": "rivulet-baseline", "version": 1,
 *  "signal": "occupancy.load", "by": "key", "time-zone": "Europe/Berlin", "slot-minutes": 60, "quantile": 0.9,
 *  "from": "2026-11-02T00:00:00Z", "to": "2026-11-29T23:59:50Z",
 *  "usual": {"bus-12": [{"slot": 32, "starts": "Tue 08:00", "samples": 1080, "median": 0.41, "high": 0.62}, ...]}}
 * </pre>
 *
 * {@code by} is {@code key} (each key its own) or {@code route} (the keys of {@code usual} are routes); a slot
 * without samples is absent; {@code starts} is for people and not read back. A reader refuses a newer version.
 * Written to a temporary file in the same directory, synced, then renamed over the old one, so a gateway
 * polling it never sees half a file.
 */
public final class BaselineFile {

    /** The {@code format} member. */
    public static final String FORMAT = "rivulet-baseline";
    /** The version written, and the newest read. */
    public static final int VERSION = 1;

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private BaselineFile() {
    }

    /** Writes {@code baseline} to {@code file}, replacing it at once (see the class comment). */
    public static void write(Baseline baseline, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary)) {
            write(baseline, out);
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes {@code baseline} as JSON to {@code out}, which is not closed. */
    public static void write(Baseline baseline, OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("version", VERSION);
            json.writeStringField("signal", baseline.signal());
            json.writeStringField("by", baseline.by());
            json.writeStringField("time-zone", baseline.slots().zone().getId());
            json.writeNumberField("slot-minutes", baseline.slots().width().toMinutes());
            json.writeNumberField("quantile", baseline.quantile());
            json.writeStringField("from", Instant.ofEpochMilli(baseline.from()).toString());
            json.writeStringField("to", Instant.ofEpochMilli(baseline.to()).toString());
            json.writeFieldName("usual");
            json.writeStartObject();
            for (Map.Entry<String, Map<Integer, Usual>> key : new TreeMap<>(baseline.usual()).entrySet()) {
                json.writeFieldName(key.getKey());
                json.writeStartArray();
                for (Map.Entry<Integer, Usual> slot : new TreeMap<>(key.getValue()).entrySet()) {
                    json.writeRaw('\n');
                    json.writeStartObject();
                    json.writeNumberField("slot", slot.getKey());
                    json.writeStringField("starts", baseline.slots().label(slot.getKey()));
                    json.writeNumberField("samples", slot.getValue().samples());
                    json.writeNumberField("median", slot.getValue().median());
                    json.writeNumberField("high", slot.getValue().high());
                    json.writeEndObject();
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    /**
     * Reads a baseline file.
     *
     * @throws BaselineFileException when it is missing, unreadable, not a baseline, of a newer version, or
     *                               inconsistent; the message says what is wrong and what to do
     */
    public static Baseline read(Path file) throws BaselineFileException {
        try (JsonParser json = JSON.createParser(Files.readAllBytes(file))) {
            return read(json);
        } catch (NoSuchFileException e) {
            throw new BaselineFileException(file + " does not exist: build it with rivulet replay --baseline-out", e);
        } catch (JsonProcessingException e) {
            throw new BaselineFileException(file + " is not a baseline's JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + "): build it again with rivulet replay --baseline-out", e);
        } catch (IOException e) {
            throw new BaselineFileException(file + " cannot be read: " + e, e);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new BaselineFileException(file + " is not a usable baseline: " + e.getMessage()
                    + "; build it again with rivulet replay --baseline-out", e);
        }
    }

    private static Baseline read(JsonParser json) throws IOException {
        expect(json.nextToken(), JsonToken.START_OBJECT, "the file must hold one JSON object");
        String format = null;
        Integer version = null;
        String signal = null;
        String by = null;
        String zone = null;
        Integer slotMinutes = null;
        Double quantile = null;
        String from = null;
        String to = null;
        Map<String, Map<Integer, Usual>> usual = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "format" -> format = text(json, name);
                case "version" -> version = integer(json, name);
                case "signal" -> signal = text(json, name);
                case "by" -> by = text(json, name);
                case "time-zone" -> zone = text(json, name);
                case "slot-minutes" -> slotMinutes = integer(json, name);
                case "quantile" -> quantile = number(json, name);
                case "from" -> from = text(json, name);
                case "to" -> to = text(json, name);
                case "usual" -> usual = usual(json);
                default -> json.skipChildren();
            }
            if (value == null) {
                break;
            }
        }
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("its format is " + (format == null ? "not said" : "'" + format + "'")
                    + ", not " + FORMAT);
        }
        required(version, "version");
        if (version > VERSION) {
            throw new IllegalArgumentException("it is of version " + version + ", newer than this gateway reads ("
                    + VERSION + "): build it with this version's rivulet replay, or update the gateway");
        }
        required(signal, "signal");
        required(zone, "time-zone");
        required(slotMinutes, "slot-minutes");
        required(quantile, "quantile");
        required(usual, "usual");
        if (!Baseline.BY_KEY.equals(by) && !Baseline.BY_ROUTE.equals(by)) {
            throw new IllegalArgumentException("by must be key or route, was " + by);
        }
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("its quantile " + quantile + " is not from 0 to 1");
        }
        WeekSlots slots = new WeekSlots(Duration.ofMinutes(slotMinutes), ZoneId.of(zone));
        for (Map.Entry<String, Map<Integer, Usual>> key : usual.entrySet()) {
            for (Integer slot : key.getValue().keySet()) {
                if (slot < 0 || slot >= slots.count()) {
                    throw new IllegalArgumentException("slot " + slot + " of " + key.getKey() + " is not one of the "
                            + slots.count() + " slots of " + slotMinutes + " minutes in a week");
                }
            }
        }
        return new Baseline(signal, by, slots, quantile, from == null ? 0 : Instant.parse(from).toEpochMilli(),
                to == null ? 0 : Instant.parse(to).toEpochMilli(), usual);
    }

    private static Map<String, Map<Integer, Usual>> usual(JsonParser json) throws IOException {
        expect(json.currentToken(), JsonToken.START_OBJECT, "usual must be an object of keys");
        Map<String, Map<Integer, Usual>> usual = new HashMap<>();
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String key = json.currentName();
            expect(json.nextToken(), JsonToken.START_ARRAY, "usual." + key + " must be an array of slots");
            Map<Integer, Usual> slots = new HashMap<>();
            while (json.nextToken() == JsonToken.START_OBJECT) {
                Integer slot = null;
                Integer samples = null;
                Double median = null;
                Double high = null;
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    json.nextToken();
                    switch (name) {
                        case "slot" -> slot = integer(json, name);
                        case "samples" -> samples = integer(json, name);
                        case "median" -> median = number(json, name);
                        case "high" -> high = number(json, name);
                        default -> json.skipChildren();
                    }
                }
                required(slot, "usual." + key + "[].slot");
                required(samples, "usual." + key + "[].samples");
                required(median, "usual." + key + "[].median");
                required(high, "usual." + key + "[].high");
                if (slots.put(slot, new Usual(samples, median, high)) != null) {
                    throw new IllegalArgumentException("slot " + slot + " of " + key + " is there twice");
                }
            }
            expect(json.currentToken(), JsonToken.END_ARRAY, "usual." + key + " must hold only slot objects");
            usual.put(key, slots);
        }
        return usual;
    }

    private static void expect(JsonToken token, JsonToken wanted, String what) {
        if (token != wanted) {
            throw new IllegalArgumentException(what);
        }
    }

    private static void required(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
    }

    private static String text(JsonParser json, String name) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return json.getText();
    }

    private static int integer(JsonParser json, String name) throws IOException {
        if (json.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return json.getIntValue();
    }

    private static double number(JsonParser json, String name) throws IOException {
        JsonToken token = json.currentToken();
        if (token == null || !token.isNumeric()) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return json.getDoubleValue();
    }
}
