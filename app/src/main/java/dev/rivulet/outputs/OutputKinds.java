package dev.rivulet.outputs;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Kind;
import java.util.List;
import java.util.Map;

/** The declared output kinds, and how {@code outputs.NAME} finds its kind by its {@code type}. */
public final class OutputKinds {

    /** Every output kind, in the order the README lists them. */
    public static final List<Kind<OutputKind>> KINDS = List.of(MqttOutput.KIND, GpioOutput.KIND, LogOutput.KIND,
            UpstreamOutput.KIND);

    /** The name of the output that is there without being declared: the log. */
    public static final String LOG = "log";

    private OutputKinds() {
    }

    /** The output {@code name} among the declared {@code outputs}; {@code log} when it is not declared. */
    public static OutputKind declaredOrLog(Map<String, OutputKind> outputs, String name) {
        OutputKind output = outputs.get(name);
        return output != null ? output : LogOutput.DEFAULT;
    }

    /** Reads {@code outputs.NAME}: its {@code type}, then the keys of that kind; unknown keys are problems. */
    public static OutputKind read(String name, ConfigNode node) {
        OutputKind output = Kind.read(name, node, KINDS, null);
        node.rejectUnknown();
        return output;
    }
}
