package dev.rivulet.broker;

import dev.rivulet.config.ConfigException;
import dev.rivulet.config.Key;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker keys as check-config reads them, against files made by openssl and keytool: each problem at its
 * key with the fix, every accepted format, the warnings about secret files, and never a secret in a message.
 */
class BrokerSettingsTest {

    private static final String SECRET = "Pa55-w0rd!zq";
    private static final String MINIMAL = """
            batch: {interval: 10s}
            sources:
              fleet: {type: simulator}
            pipelines:
              occupancy: {type: bus-occupancy, source: fleet, window: 40s, slide: 10s}
            brokers:
              central:
            """;

    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Path[] client;
    private static Path p12;
    private static Path password;

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(dir, "test");
        client = pki.client("gw");
        password = secretFile("p12.password", SECRET);
        p12 = pki.pkcs12(client, SECRET);
    }

    private static Path secretFile(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static BrokerSettings broker(String keys) throws ConfigException {
        return ConfigLoader.parse(MINIMAL + keys.indent(4), "test.yaml").brokers().get("central");
    }

    private static String problems(String keys) {
        ConfigException e = assertThrows(ConfigException.class, () -> broker(keys));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        return e.getMessage();
    }

    /** A secret file that cannot be read, or holds something else than it should: named, its content never shown. */
    @Test
    void aSecretFilesContentIsNeverShown() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("a-directory.password"));
        assertTrue(problems("url: tcp://127.0.0.1:1883\nusername: gw\npassword-file: " + directory)
                .contains(directory + " cannot be read (IOException)"));
        Path binary = dir.resolve("binary.secret");
        Files.write(binary, (SECRET + "\0\u00ff\n-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n").getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
        assertTrue(problems("url: ssl://h:8883\nclient-certificate: " + client[0] + "\nclient-key: " + binary)
                .contains("brokers.central.client-key: " + binary));
        assertTrue(problems("url: ssl://h:8883\nclient-keystore: " + binary + "\nclient-keystore-password-file: " + binary)
                .contains("brokers.central.client-keystore"));
    }

    @Test
    void aPlaintextUrlWithTlsKeysIsRefusedNamingTheSchemeToUse() {
        String message = problems("url: tcp://broker.example:1883\nca-file: " + pki.caCertificate());
        assertTrue(message.contains("brokers.central.url: tcp://broker.example:1883 is plaintext, but ca-file say the link is"
                + " meant to be encrypted: write ssl://broker.example:1883 with the broker's TLS port (often 8883)"), message);
        message = problems("url: ws://broker.example:80\nclient-keystore: " + p12 + "\nclient-keystore-password-file: " + password);
        assertTrue(message.contains("write wss://broker.example:80"), message);
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndMasked() {
        String message = problems("url: ssl://gw:" + SECRET + "@broker.example:8883");
        assertTrue(message.contains("brokers.central.url: ssl://gw:******@broker.example:8883 carries credentials"), message);
    }

    @Test
    void caFileProblems() throws Exception {
        assertTrue(problems("url: ssl://h:8883\nca-file: " + dir.resolve("missing.pem")).contains(
                "brokers.central.ca-file: " + dir.resolve("missing.pem") + " cannot be read (NoSuchFileException): check"
                        + " the path and that the rivulet user may read it"));
        assertTrue(problems("url: ssl://h:8883\nca-file: " + client[1]).contains(
                "brokers.central.ca-file: " + client[1] + " holds no PEM certificate"));
    }

    @Test
    void keystoreProblems() throws Exception {
        assertTrue(problems("url: ssl://h:8883\nclient-keystore: " + dir.resolve("none.p12")).contains(
                "brokers.central.client-keystore: " + dir.resolve("none.p12") + " cannot be read (NoSuchFileException)"));
        assertTrue(problems("url: ssl://h:8883\nclient-keystore: " + client[0] + "\nclient-keystore-password-file: " + password)
                .contains("brokers.central.client-keystore: " + client[0] + " is not a PKCS#12 or JKS keystore"));
        Path wrong = secretFile("wrong.password", "not-it");
        assertTrue(problems("url: ssl://h:8883\nclient-keystore: " + p12 + "\nclient-keystore-password-file: " + wrong)
                .contains("brokers.central.client-keystore-password-file: the password in " + wrong + " does not open " + p12));
    }

    @Test
    void pemProblems() throws Exception {
        assertTrue(problems("url: ssl://h:8883\nclient-certificate: " + client[0]).contains(
                "brokers.central.client-key: is required with client-certificate"));
        Path[] other = pki.client("other");
        assertTrue(problems("url: ssl://h:8883\nclient-certificate: " + client[0] + "\nclient-key: " + other[1]).contains(
                "brokers.central.client-key: " + other[1] + " is not the key of the certificate in " + client[0]));
        Path[] expired = pki.dated("expired", null, "-10d", 2);
        assertTrue(problems("url: ssl://h:8883\nclient-certificate: " + expired[0] + "\nclient-key: " + expired[1]).contains(
                "brokers.central.client-certificate: the client certificate in " + expired[0] + " expired on "));
        assertTrue(problems("url: ssl://h:8883\nclient-certificate: " + client[0] + "\nclient-key: " + client[0]).contains(
                "brokers.central.client-key: " + client[0] + " holds no PEM private key"));
    }

    @Test
    void aPortOutOfRangeIsRefusedAtCheckTimeNotRetriedForEver() {
        String message = problems("url: tcp://127.0.0.1:99999");
        assertTrue(message.contains("brokers.central.url: tcp://127.0.0.1:99999 has port 99999, out of range: use a port"
                + " from 1 to 65535 (the broker's listener, usually 1883)"), message);
        assertTrue(problems("url: ssl://h:0").contains("brokers.central.url: ssl://h:0 has port 0, out of range"));
        assertTrue(problems("url: tcp://h:0001883").contains("has port 0001883, out of range"));
    }

    @Test
    void aCertificateAndItsKeyInOneFileAreAccepted() throws Exception {
        Path both = dir.resolve("gw-both.pem");
        Files.writeString(both, Files.readString(client[0]) + Files.readString(client[1]));
        Files.setPosixFilePermissions(both, PosixFilePermissions.fromString("rw-------"));
        BrokerSettings keyLeftOut = broker("url: ssl://h:8883\nca-file: " + pki.caCertificate()
                + "\nclient-certificate: " + both);
        assertTrue(keyLeftOut.mqtt("out").tls().hasClientCertificate());
        assertEquals(List.of(), keyLeftOut.warnings());
        BrokerSettings sameFileTwice = broker("url: ssl://h:8883\nclient-certificate: " + both + "\nclient-key: " + both);
        assertTrue(sameFileTwice.mqtt("out").tls().hasClientCertificate());
        Path keyFirst = dir.resolve("gw-key-first.pem");
        Files.writeString(keyFirst, Files.readString(client[1]) + Files.readString(client[0]));
        Files.setPosixFilePermissions(keyFirst, PosixFilePermissions.fromString("rw-------"));
        assertTrue(broker("url: ssl://h:8883\nclient-certificate: " + keyFirst).mqtt("out").tls().hasClientCertificate());
    }

    @Test
    void binaryFilesAreNamedAsNotText() throws Exception {
        Path binary = dir.resolve("random.bin");
        Files.write(binary, new byte[] {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x12, (byte) 0x80});
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rw-------"));
        String message = problems("url: ssl://h:8883\nca-file: " + binary);
        assertTrue(message.contains("brokers.central.ca-file: " + binary + " is not PEM text, nor a DER certificate"
                + " (a binary file of another kind?): give the certificate of the authority"), message);
        message = problems("url: ssl://h:8883\nclient-certificate: " + client[0] + "\nclient-key: " + binary);
        assertTrue(message.contains("brokers.central.client-key: " + binary + " is not PEM text and holds no PEM private key"),
                message);
        message = problems("url: ssl://h:8883\nusername: gw\npassword-file: " + binary);
        assertTrue(message.contains("brokers.central.password-file: " + binary + " is not UTF-8 text (a binary file?):"
                + " write the password on its first line"), message);
    }

    @Test
    void pemPkcs12AndJksClientCertificatesAreAccepted() throws Exception {
        BrokerSettings pem = broker("url: ssl://h:8883\nca-file: " + pki.caCertificate() + "\nclient-certificate: "
                + client[0] + "\nclient-key: " + client[1]);
        assertNotNull(pem.tls().settings().clientKeys());
        assertEquals("client-certificate", pem.tls().clientKey());
        assertEquals(1, pem.tls().settings().trusted().size());
        Path jks = pki.jks(p12, SECRET);
        Files.setPosixFilePermissions(jks, PosixFilePermissions.fromString("rw-------"));
        for (Path store : List.of(p12, jks)) {
            BrokerSettings keystore = broker("url: ssl://h:8883\nclient-keystore: " + store
                    + "\nclient-keystore-password-file: " + password);
            assertTrue(keystore.mqtt("out").tls().hasClientCertificate(), store.toString());
            assertEquals(List.of(), keystore.warnings());
        }
        pem.mqtt("out").tls().socketFactory();
    }

    /**
     * The key formats openssl writes, read by the JDK alone: PKCS#8 plain and encrypted, PKCS#1; SEC1 and legacy
     * encrypted keys refused with the openssl command that converts them.
     */
    @Test
    void theKeyFormatsOpensslWrites() throws Exception {
        String pair = "url: ssl://h:8883\nclient-certificate: " + client[0] + "\nclient-key: ";
        Path pkcs1 = pki.opensslWrites(dir.resolve("gw-pkcs1.key"), "pkey", "-in", client[1].toString(), "-traditional");
        assertTrue(Files.readString(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"), Files.readString(pkcs1));
        assertNotNull(broker(pair + pkcs1).tls().settings().clientKeys());

        Path encrypted = pki.opensslWrites(dir.resolve("gw-encrypted.key"), "pkcs8", "-topk8", "-in",
                client[1].toString(), "-passout", "pass:" + SECRET);
        assertTrue(Files.readString(encrypted).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertNotNull(broker(pair + encrypted + "\nclient-key-password-file: " + password).tls().settings().clientKeys());
        assertTrue(problems(pair + encrypted).contains("brokers.central.client-key: " + encrypted
                + " is encrypted: give its password in client-key-password-file"));
        Path wrong = secretFile("wrong.password", "not-" + SECRET);
        assertTrue(problems(pair + encrypted + "\nclient-key-password-file: " + wrong).contains(
                "brokers.central.client-key-password-file: the password in " + wrong + " does not decrypt " + encrypted));

        Path legacy = pki.opensslWrites(dir.resolve("gw-legacy.key"), "rsa", "-in", client[1].toString(), "-traditional",
                "-aes256", "-passout", "pass:" + SECRET);
        assertTrue(problems(pair + legacy + "\nclient-key-password-file: " + password).contains(
                "brokers.central.client-key: " + legacy + " is encrypted the legacy openssl way (Proc-Type: 4,ENCRYPTED),"
                        + " which the JDK cannot read: convert it to encrypted PKCS#8 with openssl pkcs8 -topk8 -in " + legacy));

        Path sec1 = pki.opensslWrites(dir.resolve("gw-ec.key"), "ecparam", "-genkey", "-name", "prime256v1", "-noout");
        assertTrue(problems(pair + sec1).contains("brokers.central.client-key: " + sec1 + " holds a \"EC PRIVATE KEY\" block, a key"
                + " format the gateway does not read (it reads PKCS#8 PRIVATE KEY, ENCRYPTED PRIVATE KEY and PKCS#1 RSA"
                + " PRIVATE KEY): convert it with openssl pkcs8 -topk8 -nocrypt -in " + sec1));
    }

    @Test
    void secretFilesOthersMayReadOrThatAreEmptyAreWarnedAbout() throws Exception {
        Path open = secretFile("open.password", SECRET);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Path empty = secretFile("empty.password", "");
        BrokerSettings broker = broker("url: ssl://h:8883\nusername: gw\npassword-file: " + open);
        assertEquals(List.of("brokers.central.password-file: " + open + " is readable by every user (mode 0644): run chmod"
                + " 600 " + open + " (and chown rivulet " + open + ") so that only the gateway reads it"), broker.warnings());
        broker = broker("url: ssl://h:8883\nusername: gw\npassword-file: " + empty);
        assertEquals(1, broker.warnings().size());
        assertTrue(broker.warnings().get(0).contains(empty + " is empty"), broker.warnings().toString());
        assertFalse(broker.toString().contains(SECRET), broker.toString());
    }

    @Test
    void theReadmeListsEveryKey() throws Exception {
        String readme = Files.readString(dev.rivulet.ops.HostTools.repositoryRoot().resolve("README.md"));
        for (Key key : BrokerSettings.KEYS) {
            assertTrue(readme.contains("| `" + key.name() + "` |"), key.name() + " is missing from the README's table");
        }
    }

    /** Where check-config, run as root, can tell that the service's user cannot read a file. */
    @Test
    void whetherTheServiceUserMayReadAFile() {
        String[][] cases = {
                // owner, mode, readable by rivulet
                {"rivulet", "rw-------", "true"},
                {"root", "rw-------", "false"},
                {"root", "rw-r-----", "true"},   // its group may be rivulet: cannot tell, so no warning
                {"root", "rw-r--r--", "true"},
                {"rivulet", "-w-------", "false"},
        };
        for (String[] c : cases) {
            assertEquals(Boolean.parseBoolean(c[2]), SecretFile.readableBy("rivulet", c[0], PosixFilePermissions.fromString(c[1])),
                    c[0] + " " + c[1]);
        }
    }
}
