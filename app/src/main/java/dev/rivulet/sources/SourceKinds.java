package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.util.List;

/** The declared source kinds, the key they share, and how {@code sources.NAME} finds its kind by its {@code type}. */
public final class SourceKinds {

    /** Every source kind, in the order the README lists them. */
    public static final List<Kind<SourceKind>> KINDS = List.of(MqttInput.KIND, GpioInput.KIND, SimulatorInput.KIND,
            SocketInput.KIND, DirectoryInput.KIND);

    /** The keys every kind has. */
    public static final Key BUFFER = new Key("buffer", Key.Type.INTEGER, "65536",
            "readings buffered before the source is slowed down");
    public static final Key MAX_RATE = new Key("max-rate", Key.Type.INTEGER, "60000",
            "readings a second taken from the source at most (Spark's spark.streaming.receiver.maxRate); 0: no limit");

    private SourceKinds() {
    }

    /** Reads {@code sources.NAME}: its {@code type} and {@code buffer}, then the keys of that kind. */
    public static SourceKind read(String name, ConfigNode node) {
        SourceKind source = Kind.read(name, node, KINDS, null);
        if (source == null) {
            buffer(node);
            maxRate(node);
        }
        node.rejectUnknown();
        return source;
    }

    static int buffer(ConfigNode node) {
        return BUFFER.integer(node, 16, 10_000_000);
    }

    static int maxRate(ConfigNode node) {
        return MAX_RATE.integer(node, 0, 10_000_000);
    }
}
