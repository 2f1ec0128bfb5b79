package dev.rivulet.config;

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

    /** A broker key: its name, its default ("" when none) and its meaning, as the README lists them. */
    public record Key(String name, String fallback, String meaning) {
    }

    /** Every key of {@code brokers.NAME}. */
    public static final List<Key> KEYS = List.of(
            new Key("url", "", "tcp://host:1883, or ssl://host:8883 for TLS (ws://, wss:// over WebSocket)"),
            new Key("version", "5", "MQTT version: 5 or 3.1.1"),
            new Key("client-id", "rivulet-GATEWAY-NAME", "the client id prefix; each connection adds its role"),
            new Key("keep-alive", "30s", "MQTT keep-alive"),
            new Key("username", "", "the user the broker knows"),
            new Key("password-file", "", "a file whose first line is the password (chmod 600)"),
            new Key("password", "", "the password in the configuration itself; prefer password-file"),
            new Key("ca-file", "the JVM's trust store", "PEM certificate(s) of the authority that signed the broker's certificate"),
            new Key("client-certificate", "", "PEM client certificate, for brokers that require one (with client-key)"),
            new Key("client-key", "", "its PEM private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC)"),
            new Key("client-key-password-file", "", "the password of an encrypted client-key"),
            new Key("client-keystore", "", "instead of the PEM pair: a PKCS#12 or JKS keystore with the client certificate and key"),
            new Key("client-keystore-password-file", "", "the keystore's password (first line)"));

    /** Copies the warnings. */
    public BrokerSettings {
        warnings = List.copyOf(warnings);
    }

    static BrokerSettings read(String name, ConfigNode node, String gatewayId) {
        List<String> warnings = new ArrayList<>();
        String url = node.required("url", "the broker URL, e.g. tcp://127.0.0.1:1883");
        boolean secure = url != null && (url.startsWith("ssl://") || url.startsWith("wss://"));
        if (url != null && url.contains("@")) {
            // Credentials in the URL would be logged wherever the URL is: never accept, never echo them.
            node.problem("url", Secrets.maskUriPassword(url) + " carries credentials: write the URL without them, the"
                    + " user as username and the password in password-file");
        } else if (url != null && !url.matches("(tcp|ssl|ws|wss)://[^\\s/:@]+(:\\d+)?/?")) {
            node.problem("url", url + " is not a broker URL: write tcp://host:1883 or ssl://host:8883");
        } else if (url != null && !secure) {
            List<String> tlsKeys = BrokerTls.KEYS.stream().filter(node::has).toList();
            if (!tlsKeys.isEmpty()) {
                node.problem("url", url + " is plaintext, but " + String.join(", ", tlsKeys) + " say the link is meant to be"
                        + " encrypted: write " + (url.startsWith("ws://") ? "wss://" : "ssl://") + url.substring(url.indexOf("://") + 3)
                        + " with the broker's TLS port (often 8883), or remove those keys");
            }
        }
        String password = node.string("password", null);
        String passwordFile = node.string("password-file", null);
        if (password != null && passwordFile != null) {
            node.problem("password-file", "give either password or password-file, not both");
        }
        if (passwordFile != null) {
            password = SecretFile.read(node, "password-file", passwordFile, warnings);
        }
        String username = node.string("username", null);
        if (password != null && username == null) {
            node.problem("username", "is required with a password: the broker checks the pair");
        }
        if (password != null && url != null && !secure && !loopback(url)) {
            warnings.add(node.pathOf("url") + ": the password goes to " + url + " unencrypted: use ssl:// unless the"
                    + " network to the broker is trusted");
        }
        BrokerTls tls = secure ? BrokerTls.read(node, warnings) : null;
        BrokerSettings settings = new BrokerSettings(name, url, node.string("client-id", "rivulet-" + gatewayId + "-" + name),
                node.choice("version", "5", "5", "3.1.1"), username, password,
                node.duration("keep-alive", Duration.ofSeconds(30)), tls, warnings);
        node.rejectUnknown();
        return settings;
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
