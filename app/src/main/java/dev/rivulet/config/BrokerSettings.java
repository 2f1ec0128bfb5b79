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
 * @param clientKeyStore  PKCS#12 file with the client certificate and key, for brokers that require one
 *                        ({@code openssl pkcs12 -export -in client.crt -inkey client.key -out client.p12})
 * @param clientKeyStorePassword its password, read from {@code client-keystore-password-file}
 * @param keepAlive    MQTT keep-alive (default 30s)
 */
public record BrokerSettings(String name, String url, String clientId, String version, String username,
                             String password, String caFile, String clientKeyStore, String clientKeyStorePassword,
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
        String clientKeyStore = node.string("client-keystore", null);
        String keyStorePasswordFile = node.string("client-keystore-password-file", null);
        String keyStorePassword = keyStorePasswordFile == null ? ""
                : SecretFile.read(node, "client-keystore-password-file", keyStorePasswordFile);
        BrokerSettings settings = new BrokerSettings(name, url, node.string("client-id", "rivulet-" + gatewayId + "-" + name),
                node.choice("version", "5", "5", "3.1.1"), node.string("username", null), password,
                node.string("ca-file", null), clientKeyStore, keyStorePassword, node.duration("keep-alive", Duration.ofSeconds(30)));
        node.rejectUnknown();
        return settings;
    }

    @Override
    public String toString() {
        return "BrokerSettings[" + name + " " + url + " as " + clientId + (username == null ? "" : " user " + username)
                + (password == null ? "" : " password ****") + "]";
    }
}
