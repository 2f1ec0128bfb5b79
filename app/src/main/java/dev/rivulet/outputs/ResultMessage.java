package dev.rivulet.outputs;

import dev.rivulet.signals.Result;
import java.util.Map;

/** The JSON document of a pipeline's result, the same on every output that sends messages. Schema: docs/SUMMARY.md. */
public final class ResultMessage {

    /** The schema every result message names. */
    public static final String SCHEMA = "rivulet.result/1";

    private ResultMessage() {
    }

    /**
     * {@code {"schema":..,"id":..,"gateway":..,"pipeline":..,"key":..,"batchTime":.., <the kind's fields>}}; a kind's
     * field that repeats one of the envelope's names is left out, so the envelope always says what it says.
     */
    public static byte[] json(Result result, String gatewayId) {
        return Json.object(json -> {
            json.writeStringField("schema", SCHEMA);
            json.writeStringField("id", result.id(gatewayId));
            json.writeStringField("gateway", gatewayId);
            json.writeStringField("pipeline", result.pipeline());
            json.writeStringField("key", result.key());
            json.writeNumberField("batchTime", result.batchTime());
            for (Map.Entry<String, Object> field : result.fields().entrySet()) {
                if (ENVELOPE.contains(field.getKey())) {
                    continue;
                }
                if (field.getValue() instanceof String text) {
                    json.writeStringField(field.getKey(), text);
                } else if (field.getValue() instanceof Long || field.getValue() instanceof Integer) {
                    json.writeNumberField(field.getKey(), ((Number) field.getValue()).longValue());
                } else {
                    json.writeNumberField(field.getKey(), ((Number) field.getValue()).doubleValue());
                }
            }
        });
    }

    private static final java.util.Set<String> ENVELOPE = java.util.Set.of("schema", "id", "gateway", "pipeline", "key",
            "batchTime");
}
