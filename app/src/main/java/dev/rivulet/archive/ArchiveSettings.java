package dev.rivulet.archive;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import java.util.List;

/**
 * The input archive, {@code storage.archive}: the readings the gateway accepted, as the MQTT messages they came in,
 * in compressed daily files under the state directory ({@code archive/}), for {@code rivulet replay}.
 *
 * @param enabled      whether the archive is kept (default false)
 * @param maxDays      files more than this many days older than the newest reading archived are deleted (default 7)
 * @param maxMegabytes beyond this size the oldest files are deleted (default 256)
 */
public record ArchiveSettings(boolean enabled, int maxDays, double maxMegabytes) {

    private static final Key ENABLED = new Key("enabled", Key.Type.BOOLEAN, "false",
            "keep the MQTT messages the gateway accepted in <storage.directory>/archive, a gzip file a day, for rivulet replay");
    private static final Key MAX_DAYS = new Key("max-days", Key.Type.INTEGER, "7",
            "days kept, counted back from the newest reading archived; older files are deleted");
    private static final Key MAX_MEGABYTES = new Key("max-megabytes", Key.Type.NUMBER, "256",
            "beyond this the oldest files are deleted (never the one being written)");

    /** The keys of {@code storage.archive}. */
    public static final List<Key> KEYS = List.of(ENABLED, MAX_DAYS, MAX_MEGABYTES);

    /** No archive. */
    public static final ArchiveSettings OFF = new ArchiveSettings(false, 7, 256);

    /** Reads {@code storage.archive}. */
    public static ArchiveSettings read(ConfigNode node) {
        ArchiveSettings settings = new ArchiveSettings(ENABLED.bool(node), MAX_DAYS.integer(node, 1, 36_500),
                MAX_MEGABYTES.number(node, 0.001, 10_000_000));
        node.rejectUnknown();
        return settings;
    }

    /** {@link #maxMegabytes()} in bytes. */
    public long maxBytes() {
        return (long) (maxMegabytes * 1024 * 1024);
    }
}
