package dev.rivulet.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The JSON documents of {@code /health} and {@code /api/status}, written with jackson-core's streaming
 * generator (no data binding: nothing to configure, nothing reflective).
 *
 * <pre>
 * /health      {"live":true,"ready":false,"degraded":false,"reasons":["no batch completed yet"]}
 * /api/status  {"live":..,"ready":..,"reasons":[..],
 *               "batchTime":1763690000000,"batchIntervalMillis":1000,
 *               "buses":[{"id":"bus-1","occupancy":42,"capacity":60,"load":0.7,"history":[40,41,42],
 *                         "pipeline":"occupancy","standing":30,"level":"FEW_SEATS_AVAILABLE","percentage":46,
 *                         "rejected":{"negative-count":2},"corrections":3,"correctedPassengers":7,
 *                         "lastReading":1763689990000,"trip":{"tripId":"T1","routeId":"R1","directionId":"0",
 *                         "startDate":"20261205"}}],     (percentage null with NO_DATA_AVAILABLE; trip null: none)
 *               "rejectedReadings":{"occupancy":{"negative-count":2}},
 *               "stops":{"occupancy":{"windowMillis":300000,"batchTime":1763689980000,"more":0,
 *                                     "stops":[{"id":"s12","boardings":31,"alightings":4}]}},   (busiest first)
 *               "openAlerts":[{"rule":"capacity","bus":"bus-3","since":..,"value":0.93,"detail":".."}],
 *               "metrics":{"batches":..,"recordsIn":..,"lastSchedulingDelayMillis":..,"lastProcessingMillis":..,
 *                          "droppedRecords":..,"deadLetters":..,"deadLettersWaiting":..,"outboxDepth":..,
 *                          "checkpointAgeMillis":..,
 *                          "databaseBytesWritten":..,"oversizedMessages":{"SOURCE":..}}}
 * </pre>
 */
final class StatusJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private StatusJson() {
    }

    /** The {@code /health} document. */
    static String health(Health health) {
        return write(json -> {
            json.writeStartObject();
            writeHealth(json, health);
            json.writeEndObject();
        });
    }

    /** The {@code /api/status} document. */
    static String status(Health health, StatusMetrics metrics, FleetStatus fleet) {
        return write(json -> {
            json.writeStartObject();
            writeHealth(json, health);
            json.writeNumberField("batchTime", fleet.batchTime());
            json.writeNumberField("batchIntervalMillis", fleet.batchIntervalMillis());
            json.writeArrayFieldStart("buses");
            for (FleetStatus.Bus bus : fleet.buses()) {
                json.writeStartObject();
                json.writeStringField("id", bus.id());
                json.writeNumberField("occupancy", bus.occupancy());
                json.writeNumberField("capacity", bus.capacity());
                json.writeNumberField("load", bus.load());
                json.writeArrayFieldStart("history");
                for (long occupancy : bus.history()) {
                    json.writeNumber(occupancy);
                }
                json.writeEndArray();
                json.writeStringField("pipeline", bus.pipeline());
                json.writeNumberField("standing", bus.standing());
                json.writeStringField("level", bus.level());
                if (bus.hasPercentage()) {
                    json.writeNumberField("percentage", bus.percentage());
                } else {
                    json.writeNullField("percentage");
                }
                writeCounts(json, "rejected", bus.rejected());
                json.writeNumberField("corrections", bus.corrections());
                json.writeNumberField("correctedPassengers", bus.correctedPassengers());
                json.writeNumberField("lastReading", bus.lastReading());
                if (bus.trip() == null) {
                    json.writeNullField("trip");
                } else {
                    json.writeObjectFieldStart("trip");
                    json.writeStringField("tripId", bus.trip().tripId());
                    json.writeStringField("routeId", bus.trip().routeId());
                    json.writeStringField("directionId", bus.trip().directionId());
                    json.writeStringField("startDate", bus.trip().startDate());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("rejectedReadings");
            for (java.util.Map.Entry<String, java.util.Map<String, Long>> pipeline : fleet.rejectedByPipeline().entrySet()) {
                writeCounts(json, pipeline.getKey(), pipeline.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("stops");
            for (java.util.Map.Entry<String, FleetStatus.StopWindow> pipeline : fleet.stops().entrySet()) {
                FleetStatus.StopWindow window = pipeline.getValue();
                json.writeObjectFieldStart(pipeline.getKey());
                json.writeNumberField("windowMillis", window.windowMillis());
                json.writeNumberField("batchTime", window.batchTime());
                json.writeNumberField("more", window.more());
                json.writeArrayFieldStart("stops");
                for (FleetStatus.Stop stop : window.stops()) {
                    json.writeStartObject();
                    json.writeStringField("id", stop.id());
                    json.writeNumberField("boardings", stop.boardings());
                    json.writeNumberField("alightings", stop.alightings());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeArrayFieldStart("openAlerts");
            for (FleetStatus.OpenAlert alert : fleet.openAlerts()) {
                json.writeStartObject();
                json.writeStringField("rule", alert.rule());
                json.writeStringField("bus", alert.bus());
                json.writeNumberField("since", alert.since());
                json.writeNumberField("value", alert.value());
                json.writeStringField("detail", alert.detail());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("metrics");
            json.writeNumberField("batches", metrics.batches());
            json.writeNumberField("recordsIn", metrics.recordsIn());
            json.writeNumberField("lastSchedulingDelayMillis", metrics.lastSchedulingDelayMillis());
            json.writeNumberField("lastProcessingMillis", metrics.lastProcessingMillis());
            json.writeNumberField("droppedRecords", metrics.droppedRecords());
            json.writeNumberField("deadLetters", metrics.deadLetters());
            json.writeNumberField("deadLettersWaiting", metrics.deadLettersWaiting());
            json.writeNumberField("outboxDepth", metrics.outboxDepth());
            json.writeNumberField("checkpointAgeMillis", metrics.checkpointAgeMillis());
            json.writeNumberField("databaseBytesWritten", metrics.databaseBytesWritten());
            writeCounts(json, "oversizedMessages", metrics.oversizedMessages());
            json.writeEndObject();
            json.writeEndObject();
        });
    }

    private static void writeCounts(JsonGenerator json, String name, java.util.Map<String, Long> counts) throws IOException {
        json.writeObjectFieldStart(name);
        for (java.util.Map.Entry<String, Long> count : counts.entrySet()) {
            json.writeNumberField(count.getKey(), count.getValue());
        }
        json.writeEndObject();
    }

    private static void writeHealth(JsonGenerator json, Health health) throws IOException {
        json.writeBooleanField("live", health.live());
        json.writeBooleanField("ready", health.ready());
        json.writeBooleanField("degraded", health.degraded());
        json.writeArrayFieldStart("reasons");
        for (String reason : health.reasons()) {
            json.writeString(reason);
        }
        json.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return text.toString();
    }
}
