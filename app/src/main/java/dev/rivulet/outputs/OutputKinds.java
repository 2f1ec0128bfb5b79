package dev.rivulet.outputs;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Kind;
import java.util.List;

/** The declared output kinds, and how {@code outputs.NAME} finds its kind by its {@code type}. */
public final class OutputKinds {

    /** Every output kind, in the order the README lists them. */
    public static final List<Kind<OutputKind>> KINDS = List.of(MqttOutput.KIND, GpioOutput.KIND, LogOutput.KIND,
            UpstreamOutput.KIND);

    private OutputKinds() {
    }

    /** Reads {@code outputs.NAME}: its {@code type}, then the keys of that kind; unknown keys are problems. */
    public static OutputKind read(String name, ConfigNode node) {
        OutputKind output = Kind.read(name, node, KINDS, null);
        node.rejectUnknown();
        return output;
    }
}
