package dev.rivulet.fleet.connect;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Every key of the MQTT source connector, declared once: its type, default, meaning and check. A bad value is
 * refused with the key, the value and what to write instead, by {@link MqttSourceConnector#validate} (Connect's
 * REST {@code PUT /connector-plugins/.../config/validate} shows them all at once) and again at start.
 */
public final class MqttSourceSettings extends AbstractConfig {

    public static final String BROKER = "mqtt.broker";
    public static final String USERNAME = "mqtt.username";
    public static final String PASSWORD = "mqtt.password";
    public static final String CA_FILE = "mqtt.ssl.ca.file";
    public static final String KEYSTORE_FILE = "mqtt.ssl.keystore.file";
    public static final String KEYSTORE_PASSWORD = "mqtt.ssl.keystore.password";
    public static final String SHARED_GROUP = "mqtt.shared.group";
    public static final String CLIENT_ID_PREFIX = "mqtt.client.id.prefix";
    public static final String SESSION_EXPIRY = "mqtt.session.expiry.seconds";
    public static final String RECEIVE_MAXIMUM = "mqtt.receive.maximum";
    public static final String POLL_MAX_RECORDS = "poll.max.records";

    /** The three kinds of message a gateway sends upstream: the MQTT filter key and the Kafka topic key of each. */
    public enum Stream {
        SUMMARIES("summaries", "rivulet/+/summary", "rivulet.summaries"),
        ALERTS("alerts", "rivulet/+/alerts", "rivulet.alerts"),
        OUTBOX_DROPPED("outbox-dropped", "rivulet/+/outbox-dropped", "rivulet.outbox-dropped");

        private final String filterKey;
        private final String topicKey;
        private final String defaultFilter;
        private final String defaultTopic;

        Stream(String name, String defaultFilter, String defaultTopic) {
            this.filterKey = "mqtt.topics." + name;
            this.topicKey = "kafka.topic." + name;
            this.defaultFilter = defaultFilter;
            this.defaultTopic = defaultTopic;
        }

        public String filterKey() {
            return filterKey;
        }

        public String topicKey() {
            return topicKey;
        }
    }

    private static final Pattern KAFKA_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public static final ConfigDef DEFINITION = definition();

    public MqttSourceSettings(Map<String, String> properties) {
        super(DEFINITION, properties);
        List<String> problems = crossChecks(properties);
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    private static ConfigDef definition() {
        ConfigDef def = new ConfigDef()
                .define(BROKER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, MqttSourceSettings::checkBroker, Importance.HIGH,
                        "The central MQTT broker the gateways publish to: tcp://host:1883 or ssl://host:8883.")
                .define(USERNAME, Type.STRING, null, Importance.MEDIUM, "MQTT user name; none when unset.")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "MQTT password (use a Connect config provider such as ${file:...} rather than the plain text).")
                .define(CA_FILE, Type.STRING, null, MqttSourceSettings::checkReadableFile, Importance.MEDIUM,
                        "PEM file of the certificate authorities that sign the broker's certificate (ssl:// only); "
                                + "the JVM's trust store when unset.")
                .define(KEYSTORE_FILE, Type.STRING, null, MqttSourceSettings::checkReadableFile, Importance.LOW,
                        "PKCS#12 file with the connector's client certificate and key, for brokers that require one.")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "The PKCS#12 file's password.")
                .define(SHARED_GROUP, Type.STRING, "rivulet-fleet", MqttSourceSettings::checkShareName, Importance.MEDIUM,
                        "The MQTT 5 shared subscription group ($share/GROUP/filter): every task of every worker "
                                + "subscribes in it, and the broker gives each message to one of them.")
                .define(CLIENT_ID_PREFIX, Type.STRING, null, Importance.LOW,
                        "MQTT client ids are PREFIX-task-N; the connector's name when unset. Keep it stable: "
                                + "a task's unacknowledged messages wait in the broker under its client id.")
                .define(SESSION_EXPIRY, Type.LONG, 86_400L, ConfigDef.Range.between(1, 4_294_967_295L), Importance.MEDIUM,
                        "How long the broker keeps a stopped task's session and its unacknowledged messages, in seconds.")
                .define(RECEIVE_MAXIMUM, Type.INT, 1000, ConfigDef.Range.between(1, 65_535), Importance.LOW,
                        "MQTT 5 Receive Maximum: messages in flight to one task, not yet in Kafka.")
                .define(POLL_MAX_RECORDS, Type.INT, 500, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Records one poll hands to Connect at most.");
        for (Stream stream : Stream.values()) {
            def.define(stream.filterKey, Type.STRING, stream.defaultFilter, MqttSourceSettings::checkFilter, Importance.HIGH,
                    "MQTT topic filter of the gateways' " + stream + " messages (+ and # allowed, no $share prefix).");
            def.define(stream.topicKey, Type.STRING, stream.defaultTopic, MqttSourceSettings::checkKafkaTopic, Importance.HIGH,
                    "Kafka topic the " + stream + " messages go to.");
        }
        return def;
    }

    /** Problems that need more than one key, each naming the keys and the fix; empty when none. */
    static List<String> crossChecks(Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        String broker = properties.get(BROKER);
        boolean tls = broker != null && broker.startsWith("ssl://");
        for (String key : List.of(CA_FILE, KEYSTORE_FILE)) {
            if (properties.get(key) != null && broker != null && !tls) {
                problems.add(key + " is set but " + BROKER + " is " + broker + ": use ssl://host:8883 for TLS, or remove " + key);
            }
        }
        if (properties.get(PASSWORD) != null && properties.get(USERNAME) == null) {
            problems.add(PASSWORD + " is set without " + USERNAME + ": set the user name the password belongs to");
        }
        if (properties.get(KEYSTORE_PASSWORD) != null && properties.get(KEYSTORE_FILE) == null) {
            problems.add(KEYSTORE_PASSWORD + " is set without " + KEYSTORE_FILE + ": name the PKCS#12 file it opens");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (Stream stream : Stream.values()) {
            String filter = properties.getOrDefault(stream.filterKey, stream.defaultFilter);
            String other = filters.putIfAbsent(filter, stream.filterKey);
            if (other != null) {
                problems.add(stream.filterKey + " and " + other + " are both " + filter
                        + ": give each kind of message its own filter, or its messages cannot be told apart");
            }
        }
        return problems;
    }

    private static void checkBroker(String key, Object value) {
        String url = (String) value;
        String fix = ": write tcp://host:1883 or ssl://host:8883";
        if (url == null || url.isBlank()) {
            throw new ConfigException(key, value, "the central MQTT broker is required" + fix);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ConfigException(key, value, "not a URL (" + e.getReason() + ")" + fix);
        }
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme())) {
            throw new ConfigException(key, value, "the scheme must be tcp or ssl" + fix);
        }
        if (uri.getHost() == null) {
            throw new ConfigException(key, value, "names no host" + fix);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw new ConfigException(key, value, "port " + uri.getPort() + " is out of range: use a port from 1 to 65535");
        }
    }

    private static void checkReadableFile(String key, Object value) {
        if (value == null) {
            return;
        }
        Path file = Path.of((String) value);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(key, value, "is not a readable file on this worker: copy it there (every worker "
                    + "runs tasks) or correct the path");
        }
    }

    private static void checkShareName(String key, Object value) {
        String name = (String) value;
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("+") || name.contains("#")) {
            throw new ConfigException(key, value, "a shared subscription group is one topic level: a non-empty name "
                    + "without /, + or #, such as rivulet-fleet");
        }
    }

    private static void checkFilter(String key, Object value) {
        String filter = (String) value;
        if (filter == null || filter.isEmpty()) {
            throw new ConfigException(key, value, "an MQTT topic filter is required, such as rivulet/+/summary");
        }
        if (filter.startsWith("$share/")) {
            throw new ConfigException(key, value, "write the filter without $share/GROUP/: the connector adds it from "
                    + SHARED_GROUP);
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new ConfigException(key, value, "# must be a whole level and the last one, as in rivulet/#");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new ConfigException(key, value, "+ must be a whole level, as in rivulet/+/summary");
            }
        }
    }

    private static void checkKafkaTopic(String key, Object value) {
        String topic = (String) value;
        if (topic == null || !KAFKA_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new ConfigException(key, value, "not a Kafka topic name: use up to 249 letters, digits, '.', '_' "
                    + "and '-', such as rivulet.summaries");
        }
    }

    public String broker() {
        return getString(BROKER);
    }

    public String username() {
        return getString(USERNAME);
    }

    public char[] password() {
        Password password = getPassword(PASSWORD);
        return password == null ? null : password.value().toCharArray();
    }

    public String caFile() {
        return getString(CA_FILE);
    }

    public String keystoreFile() {
        return getString(KEYSTORE_FILE);
    }

    public char[] keystorePassword() {
        Password password = getPassword(KEYSTORE_PASSWORD);
        return password == null ? new char[0] : password.value().toCharArray();
    }

    public String sharedGroup() {
        return getString(SHARED_GROUP);
    }

    /** The client id prefix; {@code connectorName} when none is set. */
    public String clientIdPrefix(String connectorName) {
        String prefix = getString(CLIENT_ID_PREFIX);
        return prefix != null ? prefix : connectorName;
    }

    public long sessionExpirySeconds() {
        return getLong(SESSION_EXPIRY);
    }

    public int receiveMaximum() {
        return getInt(RECEIVE_MAXIMUM);
    }

    public int pollMaxRecords() {
        return getInt(POLL_MAX_RECORDS);
    }

    /** The routes, in the order of {@link Stream}: which MQTT filter goes to which Kafka topic. */
    public List<TopicRoute> routes() {
        List<TopicRoute> routes = new ArrayList<>();
        for (Stream stream : Stream.values()) {
            routes.add(new TopicRoute(getString(stream.filterKey), getString(stream.topicKey)));
        }
        return routes;
    }
}
