package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import java.util.List;

/** The declared source kinds, the key they share, and how {@code sources.NAME} finds its kind by its {@code type}. */
public final class SourceKinds {

    /** Every source kind, in the order the README lists them. */
    public static final List<SourceKind.Kind> KINDS = List.of(MqttInput.KIND, GpioInput.KIND, SimulatorInput.KIND,
            SocketInput.KIND, DirectoryInput.KIND);

    /** The key every kind has. */
    public static final Key BUFFER = new Key("buffer", Key.Type.INTEGER, "65536",
            "readings buffered before the source is slowed down");

    private SourceKinds() {
    }

    /** Reads {@code sources.NAME}: its {@code type} and {@code buffer}, then the keys of that kind. */
    public static SourceKind read(String name, ConfigNode node) {
        String type = node.choice("type", null, KINDS.stream().map(SourceKind.Kind::type).toArray(String[]::new));
        SourceKind source = KINDS.stream().filter(kind -> kind.type().equals(type)).findFirst()
                .map(kind -> kind.reader().apply(name, node)).orElse(null);
        if (source == null) {
            buffer(node);
        }
        node.rejectUnknown();
        return source;
    }

    static int buffer(ConfigNode node) {
        return BUFFER.integer(node, 16, 10_000_000);
    }
}
