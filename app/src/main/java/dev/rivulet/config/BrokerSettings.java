package dev.rivulet.config;

import java.time.Duration;

/**
 * An MQTT broker Rivulet connects to: {@code brokers.NAME}.
 *
 * @param name         the broker's name in this file
 * @param url          {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId     the client id; must be stable for persistent sessions (default {@code rivulet-GATEWAY-NAME})
 * @param version      {@code 5} (default) or {@code 3.1.1}
 * @param username     optional
 * @param password     optional; prefer {@code password-file}
 * @param caFile       CA certificate (PEM) for {@code ssl://}; the JVM's trust store when absent
 * @param clientCert   client certificate (PEM), with {@code client-key}, for mutual TLS
 * @param clientKey    client private key (PEM)
 * @param keepAlive    MQTT keep-alive (default 30s)
 */
public record BrokerSettings(String name, String url, String clientId, String version, String username,
                             String password, String caFile, String clientCert, String clientKey,
                             Duration keepAlive) {

    static BrokerSettings read(String name, ConfigNode node, String gatewayId) {
        String url = node.required("url", "the broker URL, e.g. tcp://127.0.0.1:1883");
        if (url != null && !url.matches("(tcp|ssl|ws|wss)://[^\\s/:]+(:\\d+)?/?")) {
            node.problem("url", url + " is not a broker URL: write tcp://host:1883 or ssl://host:8883");
        }
        String password = node.string("password", null);
        String passwordFile = node.string("password-file", null);
        if (password != null && passwordFile != null) {
            node.problem("password-file", "give either password or password-file, not both");
        }
        if (passwordFile != null) {
            password = SecretFile.read(node, "password-file", passwordFile);
        }
        String clientCert = node.string("client-cert", null);
        String clientKey = node.string("client-key", null);
        if ((clientCert == null) != (clientKey == null)) {
            node.problem(clientCert == null ? "client-cert" : "client-key", "client-cert and client-key go together");
        }
        BrokerSettings settings = new BrokerSettings(name, url, node.string("client-id", "rivulet-" + gatewayId + "-" + name),
                node.choice("version", "5", "5", "3.1.1"), node.string("username", null), password,
                node.string("ca-file", null), clientCert, clientKey, node.duration("keep-alive", Duration.ofSeconds(30)));
        node.rejectUnknown();
        return settings;
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + name + " " + url + " as " + clientId + (username == null ? "" : " user " + username)
                + (password == null ? "" : " password ****") + "]";
    }
}
