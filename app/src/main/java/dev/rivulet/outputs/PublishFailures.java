package dev.rivulet.outputs;

import dev.rivulet.sensors.PublishCallback;
import java.util.Map;
import java.util.TreeMap;
import org.tinylog.Logger;

/**
 * Failed publishes per output, for {@code /metrics}, and the log said once per change: the first failure after
 * success is a warning with its cause, the first success after failures an info line with how many failed. A
 * broker down for an hour writes two lines, not one per message.
 */
public final class PublishFailures {

    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Long> failingSince = new TreeMap<>();

    /** A publish to {@code output} failed with {@code error} (what: an alert's id, a pipeline's result). */
    public synchronized void failed(String output, String what, Throwable error) {
        failures.merge(output, 1L, Long::sum);
        if (failingSince.putIfAbsent(output, failures.get(output)) == null) {
            Logger.warn("output {}: publishing fails ({} not delivered: {}); further failures are only counted, in"
                    + " /metrics rivulet_output_publish_failures_total, until one succeeds", output, what, error.getMessage());
        }
    }

    /** A publish to {@code output} succeeded. */
    public synchronized void succeeded(String output) {
        Long since = failingSince.remove(output);
        if (since != null) {
            Logger.info("output {}: publishing works again after {} failed publishes", output,
                    failures.get(output) - since + 1);
        }
    }

    /** The callback of one publish to {@code output}: counts a failure, notes a success. */
    public PublishCallback callback(String output, String what) {
        return error -> {
            if (error == null) {
                succeeded(output);
            } else {
                failed(output, what, error);
            }
        };
    }

    /** Failed publishes per output since start; outputs that never failed are absent. */
    public synchronized Map<String, Long> counts() {
        return Map.copyOf(failures);
    }
}
