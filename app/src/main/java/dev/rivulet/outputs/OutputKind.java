package dev.rivulet.outputs;

import dev.rivulet.config.Kind;
import dev.rivulet.sensors.MessagePublisher;
import java.util.function.Function;

/**
 * An output, {@code outputs.NAME}: where alerts and pipeline results go. One record per kind declares its keys
 * ({@link Kind#keys()}), reads and checks them and opens the running output ({@link #open}). To add a kind, add
 * its record to this folder and to {@link OutputKinds#KINDS}.
 */
public sealed interface OutputKind permits LogOutput, MqttOutput, GpioOutput, UpstreamOutput {

    /** The output's name under {@code outputs}. */
    String name();

    /** Opens the running output with what the gateway lends it. */
    AlertOutput open(OutputLinks links);

    /** Whether storage alerts (storage full, a database moved aside) go here too, besides the log. */
    default boolean carriesStorageAlerts() {
        return false;
    }

    /** Connects what the output needs now rather than at the first alert, so a wrong address shows at start. */
    default void connect(Function<String, MessagePublisher> publishers) {
    }
}
