package dev.rivulet.sensors.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.decode.JsonDecoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The wire format of a simulated door counter, as a gateway would receive it over MQTT:
 * {@code {"bus":"bus-3","in":4,"out":1,"capacity":60,"stop":"R3-S7","route":"R3","trip":"running",
 * "ts":1795417200000}}, on
 * topic {@code buses/<bus>/door}. {@link #decoder} reads it back into the simulator's readings.
 */
public final class BusJson {
    /** Where a bus publishes, with {@code +} for the bus id. */
    public static final String TOPIC_FILTER = "buses/+/door";

    private static final JsonFactory JSON = new JsonFactory();

    private BusJson() {
    }

    public static String topic(Reading r) {
        return "buses/" + r.key() + "/door";
    }

    public static byte[] encode(Reading r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("bus", r.key());
            writeNumber(g, "in", r.value("boardings"));
            writeNumber(g, "out", r.value("alightings"));
            writeNumber(g, "capacity", r.value("capacity"));
            g.writeStringField("stop", r.label("stop"));
            g.writeStringField("route", r.label("route"));
            g.writeStringField("trip", r.label("trip"));
            g.writeNumberField("ts", r.eventTime());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeNumber(JsonGenerator g, String name, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumberField(name, (long) v);
        } else {
            g.writeNumberField(name, v);
        }
    }

    /** Decodes {@link #encode} output into readings with the simulator's field and label names. */
    public static JsonDecoder decoder(String source) {
        return JsonDecoder.builder(source).keyField("bus").timeField("ts")
                .field("in", "boardings").field("out", "alightings").field("capacity", "capacity")
                .label("stop", "stop").label("route", "route").label("trip", "trip").build();
    }
}
