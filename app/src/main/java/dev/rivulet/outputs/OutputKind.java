package dev.rivulet.outputs;

import dev.rivulet.config.Kind;
import dev.rivulet.sensors.MessagePublisher;
import java.util.function.Function;

/**
 * An output, {@code outputs.NAME}: where alerts and pipeline results go; each kind says what it does with both. One record per kind declares its keys
 * ({@link Kind#keys()}), reads and checks them and opens the running output ({@link #open}). To add a kind, add
 * its record to this folder and to {@link OutputKinds#KINDS}.
 */
public sealed interface OutputKind permits LogOutput, MqttOutput, GpioOutput, UpstreamOutput {

    /** The output's name under {@code outputs}. */
    String name();

    /** Opens the running output for alerts with what the gateway lends it. */
    AlertOutput open(OutputLinks links);

    /**
     * What it does with a pipeline's results: takes them (and how it opens for them), or refuses them with the
     * reason {@code check-config} gives for a pipeline that names it.
     */
    ResultRoute results();

    /** Whether storage alerts (storage full, a database moved aside) go here too, besides the log. */
    default boolean carriesStorageAlerts() {
        return false;
    }

    /** Connects what the output needs now rather than at the first alert, so a wrong address shows at start. */
    default void connect(Function<String, MessagePublisher> publishers) {
    }
}
