package dev.rivulet.signals;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One result of a pipeline for one key at one batch, as its outputs take it. Every pipeline kind turns what it
 * computes into these; an output never needs to know the kind.
 *
 * @param pipeline  the pipeline's name
 * @param key       what the result is about (a bus, a sensor, a stop)
 * @param batchTime the batch that computed it, epoch milliseconds
 * @param fields    the kind's own fields in the order a message lists them; values are numbers or strings
 * @param text      the result in a few words, for a log line (e.g. {@code bus-12=41})
 */
public record Result(String pipeline, String key, long batchTime, Map<String, Object> fields, String text) {

    /** Copies the fields, keeping their order; refuses a value that is neither a number nor a string. */
    public Result {
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!(field.getValue() instanceof Number) && !(field.getValue() instanceof String)) {
                throw new IllegalArgumentException("result field " + field.getKey() + " of pipeline " + pipeline
                        + " is " + field.getValue() + ": a result's fields are numbers or strings");
            }
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /**
     * The id every copy of this result carries: the same after a restart replays its batch, so a consumer that
     * keeps the ids it has seen drops a repeat, and the outbox skips one already queued or delivered.
     */
    public String id(String gatewayId) {
        return "result/" + gatewayId + "/" + pipeline + "/" + key + "/" + batchTime;
    }
}
