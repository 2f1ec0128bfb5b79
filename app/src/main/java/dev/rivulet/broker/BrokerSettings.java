package dev.rivulet.broker;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.ops.Secrets;
import dev.rivulet.sensors.mqtt.MqttSettings;
import dev.rivulet.sensors.mqtt.MqttVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT broker Rivulet connects to, {@code brokers.NAME}: the one owner of the broker keys. It declares them
 * ({@link #KEYS}), checks them — the URL's scheme against the TLS keys, and every CA file, keystore, PEM file and
 * password file opened and parsed as the gateway will use it — and builds the MQTT client's settings, including
 * how a failed connection is told to the operator ({@link BrokerFailureText}).
 *
 * @param name      the broker's name in this file
 * @param url       {@code tcp://host:1883} or {@code ssl://host:8883} ({@code ws://}, {@code wss://} for WebSocket)
 * @param clientId  the client id; must be stable for persistent sessions (default {@code rivulet-GATEWAY-NAME})
 * @param version   {@code 5} (default) or {@code 3.1.1}
 * @param username  optional
 * @param password  optional, from {@code password} or, better, {@code password-file}
 * @param keepAlive MQTT keep-alive (default 30s)
 * @param tls       the TLS material of an {@code ssl://} or {@code wss://} URL, or null
 * @param warnings  what {@code check-config} and the log at start should say without refusing the file
 *                  (a secret file others may read, an empty password file)
 */
public record BrokerSettings(String name, String url, String clientId, String version, String username,
                             String password, Duration keepAlive, BrokerTls tls, List<String> warnings) {

    private static final Key URL = new Key("url", Key.Type.STRING, "",
            "tcp://host:1883, or ssl://host:8883 for TLS (ws://, wss:// over WebSocket)");
    private static final Key VERSION = new Key("version", Key.Type.CHOICE, "5", "MQTT version: 5 or 3.1.1");
    private static final Key CLIENT_ID = new Key("client-id", Key.Type.STRING, "",
            "the client id prefix; each connection adds its role; absent: rivulet-GATEWAY-NAME");
    private static final Key KEEP_ALIVE = new Key("keep-alive", Key.Type.DURATION, "30s", "MQTT keep-alive");
    private static final Key USERNAME = new Key("username", Key.Type.STRING, "", "the user the broker knows");
    private static final Key PASSWORD_FILE = new Key("password-file", Key.Type.STRING, "",
            "a file whose first line is the password (chmod 600)");
    private static final Key PASSWORD = new Key("password", Key.Type.STRING, "",
            "the password in the configuration itself; prefer password-file");

    /** Every key of {@code brokers.NAME}, the TLS keys ({@link BrokerTls}) last. */
    public static final List<Key> KEYS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(URL, VERSION, CLIENT_ID, KEEP_ALIVE, USERNAME, PASSWORD_FILE, PASSWORD),
            BrokerTls.KEYS.stream()).toList();

    /** Copies the warnings. */
    public BrokerSettings {
        warnings = List.copyOf(warnings);
    }

    /** Reads {@code brokers.NAME}; {@code gatewayId} makes the default client id. */
    public static BrokerSettings read(String name, ConfigNode node, String gatewayId) {
        List<String> warnings = new ArrayList<>();
        String url = node.required(URL.name(), "the broker URL, e.g. tcp://127.0.0.1:1883");
        boolean secure = url != null && (url.startsWith("ssl://") || url.startsWith("wss://"));
        if (url != null && url.contains("@")) {
            // Credentials in the URL would be logged wherever the URL is: never accept, never echo them.
            node.problem("url", Secrets.maskUriPassword(url) + " carries credentials: write the URL without them, the"
                    + " user as username and the password in password-file");
        } else if (url != null && !url.matches("(tcp|ssl|ws|wss)://[^\\s/:@]+(:\\d+)?/?")) {
            node.problem("url", url + " is not a broker URL: write tcp://host:1883 or ssl://host:8883");
        } else if (url != null && portOutOfRange(url) != null) {
            // The client would refuse it only when connecting, and retry for ever: say it now.
            node.problem("url", url + " has port " + portOutOfRange(url) + ", out of range: use a port from 1 to 65535"
                    + " (the broker's listener, usually " + (secure ? "8883" : "1883") + ")");
        } else if (url != null && !secure) {
            List<String> tlsKeys = BrokerTls.KEYS.stream().map(Key::name).filter(node::has).toList();
            if (!tlsKeys.isEmpty()) {
                node.problem("url", url + " is plaintext, but " + String.join(", ", tlsKeys) + " say the link is meant to be"
                        + " encrypted: write " + (url.startsWith("ws://") ? "wss://" : "ssl://") + url.substring(url.indexOf("://") + 3)
                        + " with the broker's TLS port (often 8883), or remove those keys");
            }
        }
        String password = PASSWORD.string(node);
        String passwordFile = PASSWORD_FILE.string(node);
        if (password != null && passwordFile != null) {
            node.problem("password-file", "give either password or password-file, not both");
        }
        if (passwordFile != null) {
            password = SecretFile.read(node, "password-file", passwordFile, warnings);
        }
        String username = USERNAME.string(node);
        if (password != null && username == null) {
            node.problem("username", "is required with a password: the broker checks the pair");
        }
        if (password != null && url != null && !secure && !loopback(url)) {
            warnings.add(node.pathOf("url") + ": the password goes to " + url + " unencrypted: use ssl:// unless the"
                    + " network to the broker is trusted");
        }
        BrokerTls tls = secure ? BrokerTls.read(node, warnings) : null;
        BrokerSettings settings = new BrokerSettings(name, url, node.string(CLIENT_ID.name(), "rivulet-" + gatewayId + "-" + name),
                VERSION.choice(node, List.of("5", "3.1.1")), username, password, KEEP_ALIVE.duration(node), tls, warnings);
        node.rejectUnknown();
        return settings;
    }

    /** The URL's port when it is outside 1..65535, else null (also when the URL gives none). */
    private static String portOutOfRange(String url) {
        String rest = url.substring(url.indexOf("://") + 3).replaceAll("/$", "");
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String port = rest.substring(colon + 1);
        boolean inRange = port.length() <= 5 && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65_535;
        return inRange ? null : port;
    }

    private static boolean loopback(String url) {
        String host = url.substring(url.indexOf("://") + 3).replaceAll("[:/].*$", "");
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    /**
     * The MQTT settings of one connection to this broker. Each connection gets its own client id,
     * {@code CLIENT-ID-ROLE}: a broker disconnects a client when another connects with the same id, and a
     * source's persistent session is found again by its id after a restart.
     */
    public MqttSettings mqtt(String role) {
        MqttSettings settings = new MqttSettings(url, clientId + "-" + role)
                .version("3.1.1".equals(version) ? MqttVersion.V3_1_1 : MqttVersion.V5)
                .keepAlive(keepAlive)
                .reconnectDelays(Duration.ofSeconds(1), Duration.ofSeconds(60))
                .failureText(failure -> BrokerFailureText.describe(this, failure));
        if (username != null) {
            settings.credentials(username, password);
        }
        if (tls != null) {
            settings.tls(tls.settings());
        }
        return settings;
    }

    /** The path of one of this broker's keys, e.g. {@code brokers.central.ca-file}. */
    public String keyPath(String key) {
        return "brokers." + name + "." + key;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "BrokerSettings[" + name + " " + Secrets.maskUriPassword(url) + " as " + clientId
                + (username == null ? "" : " user " + username) + (password == null ? "" : " password " + Secrets.MASK) + "]";
    }
}
