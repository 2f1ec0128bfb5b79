package dev.rivulet.sources;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.config.Kind;
import java.util.List;

/** The declared source kinds, the keys they share ({@link SourceLimits}), and how {@code sources.NAME} finds its kind by its {@code type}. */
public final class SourceKinds {

    /** Every source kind, in the order the README lists them. */
    public static final List<Kind<SourceKind>> KINDS = List.of(MqttInput.KIND, GpioInput.KIND, SimulatorInput.KIND,
            SocketInput.KIND, DirectoryInput.KIND);

    /** The keys every kind has, read into {@link SourceLimits}. */
    public static final Key BUFFER = new Key("buffer", Key.Type.INTEGER, "65536",
            "readings buffered before the source is slowed down");
    public static final Key MAX_RATE = new Key("max-rate", Key.Type.INTEGER, "60000",
            "readings a second taken from the source at most (Spark's spark.streaming.receiver.maxRate); when not set,"
            + " 60,000 and fewer with batches over a second, so a batch holds at most 60,000; 0: no limit");
    public static final Key MAX_KEYS = new Key("max-keys", Key.Type.INTEGER, "10000",
            "distinct keys (buses) taken from the source at most, counted across restarts; a reading of a further key"
            + " is dead-lettered and acknowledged; 0: no limit");

    private SourceKinds() {
    }

    /** Reads {@code sources.NAME}: its {@code type} and {@link SourceLimits}, then the keys of that kind. */
    public static SourceKind read(String name, ConfigNode node) {
        SourceKind source = Kind.read(name, node, KINDS, null);
        if (source == null) {
            SourceLimits.read(node);
        }
        node.rejectUnknown();
        return source;
    }

}
