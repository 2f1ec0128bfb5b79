package dev.rivulet.broker;

import dev.rivulet.config.ConfigNode;
import dev.rivulet.config.Key;
import dev.rivulet.sensors.mqtt.PemFile;
import dev.rivulet.sensors.mqtt.PemPrivateKey;
import dev.rivulet.sensors.mqtt.TlsSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The TLS keys of one broker, read and checked as the gateway will use them: the CA file parsed, the client
 * certificate and key opened (PEM through {@link PemFile} and {@link PemPrivateKey}, PKCS#12 and JKS: all the JDK's) and checked
 * against each other and the clock. Each problem is reported at its key with the fix; no secret is ever shown.
 *
 * @param settings          what the MQTT client uses
 * @param clientCertificate the client certificate, or null; kept to tell an expired one at run time
 * @param clientKey         the key that names the client certificate ({@code client-certificate} or {@code client-keystore})
 */
public record BrokerTls(TlsSettings settings, X509Certificate clientCertificate, String clientKey) {

    /** The keys read here, each a TLS setting that a plaintext URL must not carry. */
    static final List<Key> KEYS = List.of(
            new Key("ca-file", Key.Type.STRING, "",
                    "PEM certificate(s) of the authority that signed the broker's certificate; absent: the JVM's trust store"),
            new Key("client-certificate", Key.Type.STRING, "", "PEM client certificate, for brokers that require one (with client-key)"),
            new Key("client-key", Key.Type.STRING, "", "its PEM private key: PKCS#8 (encrypted or not) or PKCS#1 (RSA)"),
            new Key("client-key-password-file", Key.Type.STRING, "", "the password of an encrypted client-key"),
            new Key("client-keystore", Key.Type.STRING, "",
                    "instead of the PEM pair: a PKCS#12 or JKS keystore with the client certificate and key"),
            new Key("client-keystore-password-file", Key.Type.STRING, "", "the keystore's password (first line)"));

    /** The password of the in-memory keystore built from PEM files; it never leaves this process. */
    private static final char[] IN_MEMORY = "rivulet-in-memory".toCharArray();

    /** Reads every TLS key under {@code node}; null where something is wrong (each problem is recorded). */
    static BrokerTls read(ConfigNode node, List<String> warnings) {
        List<X509Certificate> authorities = List.of();
        String caFile = node.string("ca-file", null);
        if (caFile != null) {
            authorities = authorities(node, caFile, warnings);
        }
        String keyStore = node.string("client-keystore", null);
        String certificate = node.string("client-certificate", null);
        String key = node.string("client-key", null);
        Client client = null;
        if (keyStore != null && (certificate != null || key != null)) {
            node.problem("client-keystore", "give either client-keystore (PKCS#12 or JKS) or client-certificate and"
                    + " client-key (PEM), not both");
        } else if (keyStore != null) {
            client = keyStore(node, keyStore, warnings);
        } else if (certificate != null || key != null) {
            client = pem(node, certificate, key, warnings);
        }
        // Read so that rejectUnknown does not call them unknown when they are set without what they belong to.
        node.has("client-keystore-password-file");
        node.has("client-key-password-file");
        if (caFile != null && authorities == null || client == Client.FAILED) {
            return null;
        }
        TlsSettings settings = client == null ? TlsSettings.trusting(authorities)
                : new TlsSettings(authorities, client.keys(), IN_MEMORY);
        return new BrokerTls(settings, client == null ? null : client.certificate(), client == null ? null : client.key());
    }

    /** Every certificate in a PEM file; null (with a problem) when there is none or the file cannot be read. */
    private static List<X509Certificate> authorities(ConfigNode node, String file, List<String> warnings) {
        List<X509Certificate> certificates = certificates(node, "ca-file", file, warnings,
                "give the certificate of the authority that signed the broker's certificate (mosquitto's cafile)");
        if (certificates == null) {
            return null;
        }
        for (X509Certificate ca : certificates) {
            String validity = validity(ca);
            if (validity != null) {
                node.problem("ca-file", file + ": the certificate " + ca.getSubjectX500Principal().getName() + " " + validity
                        + ": get the broker's current CA certificate");
            }
        }
        return certificates;
    }

    /**
     * Every certificate in a file: PEM blocks (other blocks, such as a private key kept in the same file, are
     * passed over), or one DER certificate. Null, with a problem at {@code key} ending in {@code fix}, when the
     * file cannot be read or holds none.
     */
    private static List<X509Certificate> certificates(ConfigNode node, String key, String file, List<String> warnings,
                                                      String fix) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
            SecretFile.serviceMayRead(node, key, file, warnings);
        } catch (IOException e) {
            node.problem(key, SecretFile.unreadable(file, e));
            return null;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            certificates.addAll(PemFile.parse(bytes).certificates());
        } catch (CertificateException | IllegalArgumentException e) {
            certificates.clear();
        }
        if (certificates.isEmpty() && !isText(bytes)) {
            try {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                    certificates.add((X509Certificate) c);
                }
            } catch (CertificateException e) {
                node.problem(key, file + " is not PEM text, nor a DER certificate (a binary file of another kind?): " + fix);
                return null;
            }
        }
        if (certificates.isEmpty()) {
            node.problem(key, file + " holds no PEM certificate (a block starting -----BEGIN CERTIFICATE-----): " + fix);
            return null;
        }
        return certificates;
    }

    /** Whether {@code bytes} read as text: no NUL and no byte past ASCII, as PEM is. */
    private static boolean isText(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0 || b < 0) {
                return false;
            }
        }
        return true;
    }

    /** A client certificate and key, in a keystore of their own. */
    private record Client(KeyStore keys, X509Certificate certificate, String key) {
        static final Client FAILED = new Client(null, null, null);
    }

    private static Client keyStore(ConfigNode node, String file, List<String> warnings) {
        String passwordFile = node.string("client-keystore-password-file", null);
        String password = passwordFile == null ? "" : SecretFile.read(node, "client-keystore-password-file", passwordFile, warnings);
        byte[] bytes = SecretFile.bytes(node, "client-keystore", file, warnings);
        if (bytes == null || password == null) {
            return Client.FAILED;
        }
        char[] secret = password.toCharArray();
        KeyStore store = null;
        for (String type : List.of("PKCS12", "JKS")) {
            try {
                store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(bytes), secret);
                break;
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException) {
                    node.problem("client-keystore-password-file", "the password "
                            + (passwordFile == null ? "(none: client-keystore-password-file is not set)" : "in " + passwordFile)
                            + " does not open " + file + ": write the keystore's password on the first line of that file");
                    return Client.FAILED;
                }
                store = null;
            } catch (GeneralSecurityException e) {
                store = null;
            }
        }
        if (store == null) {
            node.problem("client-keystore", file + " is not a PKCS#12 or JKS keystore: make one with openssl pkcs12"
                    + " -export -in client.crt -inkey client.key -out client.p12, or give the PEM files as"
                    + " client-certificate and client-key");
            return Client.FAILED;
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getKey(alias, secret) instanceof PrivateKey key
                        && store.getCertificate(alias) instanceof X509Certificate certificate) {
                    if (!valid(node, "client-keystore", file, certificate)) {
                        return Client.FAILED;
                    }
                    KeyStore keys = inMemory(key, store.getCertificateChain(alias));
                    return new Client(keys, certificate, "client-keystore");
                }
            }
            node.problem("client-keystore", file + " holds no private key with its certificate: export the client's"
                    + " certificate together with its key (openssl pkcs12 -export -in client.crt -inkey client.key)");
        } catch (UnrecoverableKeyException e) {
            node.problem("client-keystore-password-file", "the key in " + file + " has a password other than the keystore's:"
                    + " give it one password (openssl pkcs12 -export uses one for both)");
        } catch (GeneralSecurityException | IOException e) {
            node.problem("client-keystore", file + " cannot be used (" + e.getClass().getSimpleName() + "): export it again");
        }
        return Client.FAILED;
    }

    /**
     * The PEM pair: {@code client-certificate} and {@code client-key} may name one file holding both, and
     * {@code client-key} may be left out when the certificate's file holds the key too (as many tools write it).
     */
    private static Client pem(ConfigNode node, String certificateFile, String keyFile, List<String> warnings) {
        if (certificateFile == null) {
            node.problem("client-certificate", "is required with client-key: give the client certificate and its"
                    + " private key, both PEM (one file may hold both)");
            return Client.FAILED;
        }
        List<X509Certificate> chain = certificates(node, "client-certificate", certificateFile, warnings,
                "give the client's certificate (mosquitto_pub's --cert)");
        if (chain == null) {
            return Client.FAILED;
        }
        String keyKey = "client-key";
        if (keyFile == null) {
            if (!holdsPrivateKey(certificateFile)) {
                node.problem("client-key", "is required with client-certificate: " + certificateFile + " holds no private"
                        + " key; give the client's PEM private key (mosquitto_pub's --key)");
                return Client.FAILED;
            }
            keyFile = certificateFile;
            keyKey = "client-certificate";
        }
        PrivateKey key = privateKey(node, keyKey, keyFile, warnings);
        if (key == null || !valid(node, "client-certificate", certificateFile, chain.get(0))) {
            return Client.FAILED;
        }
        if (!belongTogether(key, chain.get(0))) {
            node.problem(keyKey, keyFile + " is not the key of the certificate in " + certificateFile
                    + ": give the key the certificate was issued for");
            return Client.FAILED;
        }
        try {
            return new Client(inMemory(key, chain.toArray(Certificate[]::new)), chain.get(0), "client-certificate");
        } catch (GeneralSecurityException | IOException e) {
            node.problem(keyKey, keyFile + " cannot be used with the certificate (" + e.getClass().getSimpleName() + ")");
            return Client.FAILED;
        }
    }

    /** Whether a PEM file holds a private key block besides its certificates (read already: errors mean no). */
    private static boolean holdsPrivateKey(String file) {
        try {
            return PemFile.parse(Files.readAllBytes(Path.of(file))).holdsPrivateKey();
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A PEM private key, as {@link PemPrivateKey} reads it; null, with a problem at its key, when it cannot be. */
    private static PrivateKey privateKey(ConfigNode node, String keyName, String file, List<String> warnings) {
        byte[] bytes = SecretFile.bytes(node, keyName, file, warnings);
        if (bytes == null) {
            return null;
        }
        String passwordFile = node.string("client-key-password-file", null);
        PemFile pem;
        try {
            pem = PemFile.parse(bytes);
        } catch (IllegalArgumentException e) {
            node.problem(keyName, file + " holds no readable PEM private key (" + e.getMessage()
                    + "): give the client's key (mosquitto_pub's --key)");
            return null;
        }
        // A file may hold the certificate before the key: only the key block counts.
        if (PemPrivateKey.keyBlock(pem).isEmpty()) {
            node.problem(keyName, file + (isText(bytes) ? "" : " is not PEM text and") + " holds no PEM private key (a file"
                    + " starting -----BEGIN PRIVATE KEY-----, -----BEGIN ENCRYPTED PRIVATE KEY----- or -----BEGIN RSA"
                    + " PRIVATE KEY-----): give the client's key (mosquitto_pub's --key)");
            return null;
        }
        char[] password = null;
        if (PemPrivateKey.isEncrypted(PemPrivateKey.keyBlock(pem).get()) && passwordFile != null) {
            String secret = SecretFile.read(node, "client-key-password-file", passwordFile, warnings);
            if (secret == null) {
                return null;
            }
            password = secret.toCharArray();
        }
        try {
            return PemPrivateKey.read(pem, file, password);
        } catch (PemPrivateKey.UnreadableKey e) {
            switch (e.reason()) {
                case NEEDS_PASSWORD -> node.problem(keyName, file + " is encrypted: give its password in"
                        + " client-key-password-file, or remove it (openssl pkey -in " + file + " -out client.key)");
                case WRONG_PASSWORD -> node.problem("client-key-password-file", "the password in " + passwordFile
                        + " does not decrypt " + file + ": write the key's password on the first line of that file");
                default -> node.problem(keyName, e.getMessage());
            }
            return null;
        }
    }

    /** False (with a problem) when the client certificate has expired or is not valid yet. */
    private static boolean valid(ConfigNode node, String key, String file, X509Certificate certificate) {
        String validity = validity(certificate);
        if (validity == null) {
            return true;
        }
        node.problem(key, "the client certificate in " + file + " " + validity
                + ": issue a new one signed by the CA the broker trusts (or check this machine's clock)");
        return false;
    }

    /** "expired on …", "is valid only from …", or null when valid now. */
    static String validity(X509Certificate certificate) {
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return "expired on " + certificate.getNotAfter().toInstant();
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return "is valid only from " + certificate.getNotBefore().toInstant() + " (this machine's clock says " + BrokerFailureText.today() + ")";
        }
        return null;
    }

    /** Whether the key signs what the certificate's public key verifies (RSA, EC, EdDSA; others are trusted). */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] probe = "rivulet".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore inMemory(PrivateKey key, Certificate[] chain) throws GeneralSecurityException, IOException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, IN_MEMORY, chain);
        return keys;
    }
}
