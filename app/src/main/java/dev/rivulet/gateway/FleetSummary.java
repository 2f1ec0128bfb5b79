package dev.rivulet.gateway;

import dev.rivulet.outputs.Json;
import dev.rivulet.signals.SummaryBody;
import java.util.function.Supplier;

/**
 * The periodic summary sent upstream, whatever the pipeline's kind: the envelope (schema, stable id, gateway,
 * pipeline, period), the pipeline's own part ({@link SummaryBody}, e.g. a bus-occupancy pipeline's buses) and the
 * gateway's health. Schema: {@code docs/SUMMARY.md}.
 */
final class FleetSummary {

    /** What the health part of a summary reports. */
    record Health(long batches, long records, long maxSchedulingDelayMillis, long maxProcessingMillis,
                  long dropped, long deadLetters, long outboxDepth) {
    }

    private FleetSummary() {
    }

    /** The JSON document for one period of one pipeline. */
    static byte[] json(String gatewayId, String pipeline, long periodMillis, long periodEnd, SummaryBody body,
                       Supplier<Health> health) {
        Health h = health.get();
        return Json.object(json -> {
            json.writeStringField("schema", "rivulet.summary/2");
            json.writeStringField("id", id(gatewayId, pipeline, periodEnd));
            json.writeStringField("gateway", gatewayId);
            json.writeStringField("pipeline", pipeline);
            json.writeNumberField("periodStart", periodEnd - periodMillis);
            json.writeNumberField("periodEnd", periodEnd);
            body.write(json);
            json.writeObjectFieldStart("health");
            json.writeNumberField("batches", h.batches());
            json.writeNumberField("records", h.records());
            json.writeNumberField("maxSchedulingDelayMs", h.maxSchedulingDelayMillis());
            json.writeNumberField("maxProcessingMs", h.maxProcessingMillis());
            json.writeNumberField("dropped", h.dropped());
            json.writeNumberField("deadLetters", h.deadLetters());
            json.writeNumberField("outboxDepth", h.outboxDepth());
            json.writeEndObject();
        });
    }

    /**
     * The stable id of a period's summary of one pipeline: two pipelines close their periods at the same batch, and
     * an id without the pipeline made the outbox take the second one for a repeat of the first.
     */
    static String id(String gatewayId, String pipeline, long periodEnd) {
        return "summary/" + gatewayId + "/" + pipeline + "/" + periodEnd;
    }
}
