package dev.rivulet.configfile;

import dev.rivulet.broker.BrokerSettings;
import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.upstream.UpstreamSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The keys of the sections that are not lists of named kinds: {@code gateway}, {@code batch}, {@code storage},
 * {@code status} and {@code logging}, each declared once. {@code upstream}'s are {@link UpstreamSettings#KEYS},
 * a broker's {@link BrokerSettings#KEYS}. The storage defaults are {@link StoreConfig}'s own.
 */
public final class SectionKeys {

    public static final Key GATEWAY_ID = new Key("id", Key.Type.STRING, "rivulet",
            "this gateway's name in alerts, summaries and topics: letters, digits, '.', '_' and '-'");
    public static final Key INTERVAL = new Key("interval", Key.Type.DURATION, "1s",
            "micro-batch interval (10ms or more); windows and slides must be multiples of it");
    public static final Key DIRECTORY = new Key("directory", Key.Type.STRING, "/var/lib/rivulet",
            "the SQLite database rivulet.db lives here");
    private static final StoreConfig STORE = StoreConfig.defaults(Path.of(DIRECTORY.fallback()));
    public static final Key SYNCHRONOUS = new Key("synchronous", Key.Type.CHOICE, STORE.synchronous().name().toLowerCase(Locale.ROOT),
            "full: nothing acknowledged is lost at a power cut; normal: faster, may lose the last commits");
    public static final Key CHECKPOINT_EVERY = new Key("checkpoint-every", Key.Type.INTEGER, "1", "checkpoint every N batches");
    public static final Key CHECKPOINTS_RETAINED = new Key("checkpoints-retained", Key.Type.INTEGER,
            String.valueOf(STORE.checkpointsRetained()), "older checkpoints are pruned");
    public static final Key OUTBOX_MAX = new Key("outbox-max-messages", Key.Type.INTEGER, String.valueOf(STORE.outboxMaxMessages()),
            "messages kept while upstream is unreachable; beyond it the oldest are dropped and counted");
    public static final Key MAX_MEGABYTES = new Key("max-megabytes", Key.Type.NUMBER, "0",
            "a size limit for the database (0: the disk's)");
    public static final Key LOG_MAX_MEGABYTES = new Key("log-max-megabytes", Key.Type.NUMBER,
            String.valueOf(STORE.logMaxBytes() / (1024 * 1024)),
            "readings not yet pruned by a checkpoint; reached (checkpoints failing), the gateway stops taking readings");
    public static final Key ARCHIVE = new Key("archive", Key.Type.MAP, "",
            "the input archive, for rivulet replay: its keys are ArchiveSettings.KEYS");
    public static final Key STATUS_ADDRESS = new Key("address", Key.Type.STRING, "127.0.0.1",
            "the status page and /metrics; 127.0.0.1 keeps them on this device");
    public static final Key STATUS_PORT = new Key("port", Key.Type.INTEGER, "9780", "0 turns the endpoint off");
    public static final Key STATUS_ALLOWED_HOSTS = new Key("allowed-hosts", Key.Type.LIST, "[]",
            "DNS names the page is reached by, besides localhost and this machine's own names and addresses");
    public static final Key LEVEL = new Key("level", Key.Type.CHOICE, "info", "trace, debug, info, warn, error");
    public static final Key LEVELS = new Key("levels", Key.Type.MAP, "{}", "a level per package, e.g. {org.eclipse.paho: warn}");
    public static final Key LOG_FILE = new Key("file", Key.Type.STRING, "", "also a rolling log file; absent: console only");

    /** Each section's keys, by the section's name. */
    public static final Map<String, List<Key>> SECTIONS = Map.of(
            "gateway", List.of(GATEWAY_ID),
            "batch", List.of(INTERVAL),
            "storage", List.of(DIRECTORY, SYNCHRONOUS, CHECKPOINT_EVERY, CHECKPOINTS_RETAINED, OUTBOX_MAX, MAX_MEGABYTES,
                    LOG_MAX_MEGABYTES, ARCHIVE),
            "status", List.of(STATUS_ADDRESS, STATUS_PORT, STATUS_ALLOWED_HOSTS),
            "logging", List.of(LEVEL, LEVELS, LOG_FILE));

    /**
     * Reads {@code status.allowed-hosts}: bare host names, as a browser puts them in its Host header; a URL or a
     * port there would never match, so it is refused with the form that would.
     */
    public static List<String> allowedHosts(ConfigNode status) {
        List<String> hosts = STATUS_ALLOWED_HOSTS.strings(status);
        for (String host : hosts) {
            if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9.])?")) {
                String bare = host.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("[:/].*$", "");
                status.problem(STATUS_ALLOWED_HOSTS.name(), "'" + host + "' is not a host name; write the name alone,"
                        + " without scheme, port or path" + (bare.isEmpty() || bare.equals(host) ? "" : ", e.g. " + bare));
            }
        }
        return hosts;
    }

    private SectionKeys() {
    }
}
