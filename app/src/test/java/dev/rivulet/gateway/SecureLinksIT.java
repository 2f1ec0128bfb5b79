package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.broker.TestPki;
import dev.rivulet.ops.HostTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 as an operator meets it: the shaded jar against Debian's mosquitto with TLS, on listeners of the
 * test's own (password file; required client certificates; a certificate for another host; an expired one;
 * plaintext with a password), with a CA, server and client certificates made by openssl and keytool. Each hostile
 * case checks check-config's exit code and message, and for the failures only a connection shows, the log line
 * (once, not per retry), {@code /health} and {@code rivulet status}. Every output is searched for the secrets.
 */
class SecureLinksIT {

    private static final String SECRET = "Pa55-w0rd!zq";
    private static final String KEYSTORE_SECRET = "k3y-St0re#pw";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path home;
    private static Path jar;
    private static TestPki pki;
    private static TestPki foreign;
    private static Process mosquitto;
    private static Path brokerLog;
    private static int passwordPort;
    private static int certificatePort;
    private static int otherHostPort;
    private static int expiredPort;
    private static int futurePort;
    private static int plainPort;
    private static Path rightPassword;
    private static Path wrongPassword;
    private static Path keystorePassword;
    /** Everything the gateway and the command printed or served in the hostile cases. */
    private static final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        Path binary = Mosquitto.binary();
        Path passwd = HostTools.require("mosquitto_passwd");
        jar = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        pki = TestPki.create(home.resolve("pki"), "central");
        foreign = TestPki.create(home.resolve("foreign"), "stranger");
        Path[] server = pki.server("server");
        Path[] otherHost = pki.serverFor("other-host", "broker.example");
        Path[] expired = pki.dated("expired-server", "subjectAltName=IP:127.0.0.1", "-10d", 2);
        Path[] future = pki.dated("future-server", "subjectAltName=IP:127.0.0.1", "+10d", 30);
        Path passwords = home.resolve("mosquitto.passwd");
        run(List.of(passwd.toString(), "-b", "-c", passwords.toString(), "gw", SECRET));
        run(List.of(passwd.toString(), "-b", passwords.toString(), "fleet", "fleet-reader"));
        rightPassword = secret("right.password", SECRET);
        wrongPassword = secret("wrong.password", "not-the-password");
        keystorePassword = secret("keystore.password", KEYSTORE_SECRET);
        passwordPort = freePort();
        certificatePort = freePort();
        otherHostPort = freePort();
        expiredPort = freePort();
        futurePort = freePort();
        plainPort = freePort();
        String ca = pki.caCertificate().toString();
        brokerLog = home.resolve("mosquitto.log");
        Path conf = Files.writeString(home.resolve("mosquitto.conf"), String.join("\n",
                "per_listener_settings true",
                "user " + System.getProperty("user.name"),
                "log_dest file " + brokerLog,
                "log_type all",
                "listener " + passwordPort + " 127.0.0.1", "cafile " + ca, "certfile " + server[0], "keyfile " + server[1],
                "allow_anonymous false", "password_file " + passwords,
                "listener " + certificatePort + " 127.0.0.1", "cafile " + ca, "certfile " + server[0], "keyfile " + server[1],
                "require_certificate true", "allow_anonymous true",
                "listener " + otherHostPort + " 127.0.0.1", "cafile " + ca, "certfile " + otherHost[0], "keyfile " + otherHost[1],
                "allow_anonymous true",
                "listener " + expiredPort + " 127.0.0.1", "cafile " + ca, "certfile " + expired[0], "keyfile " + expired[1],
                "allow_anonymous true",
                "listener " + futurePort + " 127.0.0.1", "cafile " + ca, "certfile " + future[0], "keyfile " + future[1],
                "allow_anonymous true",
                "listener " + plainPort + " 127.0.0.1", "allow_anonymous false", "password_file " + passwords, ""));
        mosquitto = new ProcessBuilder(binary.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("mosquitto.out").toFile()).start();
        await("mosquitto listening", Duration.ofSeconds(15), () -> accepts(plainPort) && accepts(expiredPort));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(15, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- refused by check-config

    @Test
    void checkConfigRefusesWhatCannotBeRightAndRunNeverConnects() throws Exception {
        String tcp = "url: tcp://127.0.0.1:" + plainPort + "\nusername: gw\npassword-file: " + rightPassword
                + "\nca-file: " + pki.caCertificate();
        refused(tcp, "brokers.central.url: tcp://127.0.0.1:" + plainPort + " is plaintext, but ca-file say the link is"
                + " meant to be encrypted: write ssl://127.0.0.1:" + plainPort);
        long connectionsBefore = plaintextConnections();
        HostTools.Result run = rivulet("run", "--config", config("plaintext", tcp, false, freePort()).toString());
        outputs.add(run.output());
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("is plaintext, but ca-file say"), run.output());
        assertEquals(connectionsBefore, plaintextConnections(), "the plaintext listener saw a connection");

        refused("url: ssl://127.0.0.1:" + passwordPort + "\nca-file: " + home.resolve("missing-ca.pem"),
                "brokers.central.ca-file: " + home.resolve("missing-ca.pem") + " cannot be read (NoSuchFileException)");
        refused("url: ssl://127.0.0.1:" + passwordPort + "\nca-file: " + rightPassword,
                "brokers.central.ca-file: " + rightPassword + " holds no PEM certificate");
        Path[] expiredClient = pki.dated("expired-client", null, "-10d", 2);
        refused("url: ssl://127.0.0.1:" + certificatePort + "\nca-file: " + pki.caCertificate() + "\nclient-certificate: "
                + expiredClient[0] + "\nclient-key: " + expiredClient[1], "brokers.central.client-certificate: the client"
                + " certificate in " + expiredClient[0] + " expired on ");
        refused("url: ssl://gw:" + SECRET + "@127.0.0.1:" + passwordPort, "brokers.central.url: ssl://gw:******@127.0.0.1:"
                + passwordPort + " carries credentials");
        Path p12 = pki.pkcs12(pki.client("keystore-client"), KEYSTORE_SECRET);
        refused("url: ssl://127.0.0.1:" + certificatePort + "\nclient-keystore: " + p12 + "\nclient-keystore-password-file: "
                + wrongPassword, "brokers.central.client-keystore-password-file: the password in " + wrongPassword
                + " does not open " + p12);
    }

    // ---------------------------------------------------------------- refused by the broker

    @Test
    void aWrongPasswordIsExplainedOnMqtt5And311() throws Exception {
        for (String version : List.of("5", "3.1.1")) {
            linkFails("wrong-password-" + version, "url: ssl://127.0.0.1:" + passwordPort + "\nversion: " + version
                    + "\nusername: gw\npassword-file: " + wrongPassword + "\nca-file: " + pki.caCertificate(),
                    "refused credentials: the broker did not accept user gw and its password; check"
                            + " brokers.central.username and brokers.central.password-file", true);
        }
    }

    @Test
    void anUnknownCaIsExplained() throws Exception {
        linkFails("unknown-ca", "url: ssl://127.0.0.1:" + passwordPort + "\nusername: gw\npassword-file: " + rightPassword
                + "\nca-file: " + foreign.caCertificate(), "unknown CA: the broker's certificate is not signed by the"
                + " authority in brokers.central.ca-file", true);
    }

    @Test
    void aHostnameMismatchIsExplained() throws Exception {
        linkFails("other-host", "url: ssl://127.0.0.1:" + otherHostPort + "\nca-file: " + pki.caCertificate(),
                "hostname mismatch: the broker's certificate does not name 127.0.0.1; use in brokers.central.url", true);
    }

    @Test
    void anExpiredBrokerCertificateIsExplained() throws Exception {
        linkFails("expired-server", "url: ssl://127.0.0.1:" + expiredPort + "\nca-file: " + pki.caCertificate(),
                "expired certificate: the broker's certificate has expired", true);
    }

    @Test
    void aBrokerCertificateNotYetValidIsExplained() throws Exception {
        linkFails("future-server", "url: ssl://127.0.0.1:" + futurePort + "\nca-file: " + pki.caCertificate(),
                "certificate not yet valid: the broker's certificate starts later than this machine's clock", true);
    }

    @Test
    void noClientCertificateWhereTheBrokerRequiresOneIsExplained() throws Exception {
        linkFails("no-client-certificate", "url: ssl://127.0.0.1:" + certificatePort + "\nca-file: " + pki.caCertificate(),
                "client certificate refused: the broker requires a client certificate; set brokers.central.client-certificate",
                true);
    }

    @Test
    void aClientCertificateTheBrokerDoesNotTrustIsExplained() throws Exception {
        Path[] stranger = foreign.client("stranger-client");
        linkFails("foreign-client", "url: ssl://127.0.0.1:" + certificatePort + "\nca-file: " + pki.caCertificate()
                + "\nclient-certificate: " + stranger[0] + "\nclient-key: " + stranger[1],
                "client certificate refused: the broker broke off the TLS handshake; the certificate in"
                        + " brokers.central.client-certificate is not signed by an authority the broker trusts", true);
    }

    @Test
    void anSslUrlOnAPlaintextListenerIsExplained() throws Exception {
        linkFails("plaintext-listener", "url: ssl://127.0.0.1:" + plainPort + "\nca-file: " + pki.caCertificate(),
                "not TLS: nothing speaks TLS at ssl://127.0.0.1:" + plainPort + "; put the broker's TLS port (often 8883)"
                        + " in brokers.central.url", true);
    }

    @Test
    void anUnreachableBrokerIsExplained() throws Exception {
        int nobody = freePort();
        linkFails("unreachable", "url: ssl://127.0.0.1:" + nobody + "\nca-file: " + pki.caCertificate(),
                "network unreachable: no connection to ssl://127.0.0.1:" + nobody + "; check brokers.central.url", false);
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void pemAndPkcs12ClientCertificatesConnect() throws Exception {
        Path[] client = pki.client("gateway-client");
        Path p12 = pki.pkcs12(client, KEYSTORE_SECRET);
        Path both = secret("gateway-client-both.pem", Files.readString(client[0]) + Files.readString(client[1]));
        for (String keys : List.of("client-certificate: " + client[0] + "\nclient-key: " + client[1],
                "client-certificate: " + both,
                "client-keystore: " + p12 + "\nclient-keystore-password-file: " + keystorePassword)) {
            String broker = "url: ssl://127.0.0.1:" + certificatePort + "\nca-file: " + pki.caCertificate() + "\n" + keys;
            int port = freePort();
            GatewayProcess gateway = new GatewayProcess(jar, config("client-" + keys.hashCode(), broker, true, port),
                    home.resolve("client-" + keys.hashCode() + ".log"));
            gateway.start("with " + keys.lines().findFirst().orElseThrow());
            try {
                await("ready and not degraded with " + keys, Duration.ofSeconds(60), () -> {
                    String health = get(port, "health");
                    return health.contains("\"ready\":true") && health.contains("\"degraded\":false");
                });
            } finally {
                gateway.terminate("the end");
            }
        }
    }

    /**
     * The upstream refuses the password: degraded but ready, "upstream down, holding N messages"; fixed and
     * restarted, the held summaries go out in order.
     */
    @Test
    void anUpstreamThatStaysDownDegradesAndDeliveryResumesInOrderOnceFixed() throws Exception {
        Path password = secret("upstream.password", "not-yet");
        String broker = "url: ssl://127.0.0.1:" + passwordPort + "\nusername: gw\npassword-file: " + password
                + "\nca-file: " + pki.caCertificate();
        int port = freePort();
        Path config = config("resume", broker, false, port);
        Path subscribed = home.resolve("upstream.received");
        Process subscriber = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(passwordPort),
                "--cafile", pki.caCertificate().toString(), "-u", "fleet", "-P", "fleet-reader", "-q", "1",
                "-t", "rivulet/secure/summary").redirectErrorStream(true).redirectOutput(subscribed.toFile()).start();
        GatewayProcess gateway = new GatewayProcess(jar, config, home.resolve("resume.log"));
        try {
            gateway.start("with the wrong upstream password");
            Pattern holding = Pattern.compile("upstream down, holding (\\d+) messages in the outbox: broker 'central'"
                    + " \\(ssl://127.0.0.1:" + passwordPort + "\\): refused credentials");
            long[] held = {0};
            await("degraded, holding summaries", Duration.ofSeconds(60), () -> {
                Matcher m = holding.matcher(get(port, "health"));
                held[0] = m.find() ? Long.parseLong(m.group(1)) : 0;
                return held[0] >= 3;
            });
            String health = get(port, "health");
            outputs.add(health);
            assertTrue(health.contains("\"ready\":true") && health.contains("\"degraded\":true"), health);
            HostTools.Result status = rivulet("status", "--url", "http://127.0.0.1:" + port);
            outputs.add(status.output());
            assertEquals(4, status.exitCode(), status.output());
            assertTrue(status.output().contains(": ready, DEGRADED"), status.output());
            assertTrue(status.output().contains("! upstream down, holding "), status.output());
            outputs.add(get(port, "metrics"));
            assertTrue(get(port, "metrics").contains("rivulet_degraded 1"), "rivulet_degraded");
            gateway.terminate("the password is fixed");
            outputs.addAll(gateway.lines());

            Files.writeString(password, SECRET + "\n");
            gateway.start("with the right password");
            await("the held summaries delivered", Duration.ofSeconds(60),
                    () -> periodEnds(subscribed).size() >= held[0] + 2);
            List<Long> ends = periodEnds(subscribed);
            for (int i = 1; i < ends.size(); i++) {
                assertTrue(ends.get(i) > ends.get(i - 1), "summaries out of order: " + ends);
            }
            await("no longer degraded", Duration.ofSeconds(30), () -> get(port, "health").contains("\"degraded\":false"));
        } finally {
            gateway.terminate("the end");
            subscriber.destroy();
        }
        outputs.addAll(gateway.lines());
        noSecretIn(outputs);
    }

    /** The secret grep: every hostile case passes what it saw through here. */
    private static void noSecretIn(List<String> texts) {
        for (String text : texts) {
            assertFalse(text.contains(SECRET), "the password was echoed:\n" + text);
            assertFalse(text.contains(KEYSTORE_SECRET), "the keystore password was echoed:\n" + text);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void refused(String broker, String expected) throws IOException {
        Path config = config("refused-" + Integer.toHexString(broker.hashCode()), broker, false, freePort());
        HostTools.Result check = rivulet("check-config", config.toString());
        outputs.add(check.output());
        noSecretIn(List.of(check.output()));
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains(expected), "expected\n  " + expected + "\nin\n" + check.output());
    }

    /**
     * A configuration check-config passes whose link then fails: an MQTT source and the upstream on the broker.
     * The log says it once per client (not per retry), /health says not ready with the reason and the upstream's
     * holding count, rivulet status exits 1 with the same words.
     */
    private static void linkFails(String name, String broker, String expected, boolean retriesVisible) throws Exception {
        int port = freePort();
        Path config = config(name, broker, true, port);
        HostTools.Result check = rivulet("check-config", config.toString());
        assertEquals(0, check.exitCode(), check.output());
        GatewayProcess gateway = new GatewayProcess(jar, config, home.resolve(name + ".log"));
        gateway.start(name);
        List<String> seen = new ArrayList<>(List.of(check.output()));
        try {
            await(name + ": /health explains the source", Duration.ofSeconds(60),
                    () -> get(port, "health").contains("source 'doors' is not connected and subscribed: broker 'central'"));
            if (retriesVisible) {
                await(name + ": retried", Duration.ofSeconds(30), () -> count(lines(gateway), "MQTT doors: still failing") >= 1);
            }
            // The upstream shares the broker: it is down too, and /health says degraded while not ready.
            await(name + ": /health degraded by the upstream", Duration.ofSeconds(60),
                    () -> get(port, "health").contains("upstream down, holding"));
            String health = get(port, "health");
            seen.add(health);
            assertTrue(health.contains("\"ready\":false"), health);
            assertTrue(health.contains("\"degraded\":true"), health);
            assertTrue(health.contains(expected), "expected\n  " + expected + "\nin\n" + health);
            HostTools.Result status = rivulet("status", "--url", "http://127.0.0.1:" + port);
            seen.add(status.output());
            assertEquals(1, status.exitCode(), status.output());
            assertTrue(status.output().contains("NOT READY"), status.output());
            assertTrue(status.output().contains("! source 'doors' is not connected and subscribed: broker 'central'"),
                    status.output());
            assertTrue(status.output().contains(expected), status.output());
            seen.add(get(port, "api/status"));
            seen.add(get(port, "metrics"));
        } finally {
            gateway.terminate("the end");
        }
        List<String> log = gateway.lines();
        seen.addAll(log);
        assertTrue(log.stream().anyMatch(line -> line.contains("the first batch") && line.contains("not ready yet: ")),
                name + ": the first batch is said not ready while a source is down:\n"
                        + gateway.excerpt(line -> line.contains("first batch")));
        long said = log.stream().filter(line -> line.contains("MQTT doors: broker 'central'") && line.contains(expected)).count();
        assertEquals(1, said, name + ": the explanation should be logged once, not per retry:\n"
                + gateway.excerpt(line -> line.contains("MQTT")));
        outputs.addAll(seen);
        noSecretIn(seen);
    }

    private static Path config(String name, String broker, boolean mqttSource, int statusPort) throws IOException {
        Path dir = Files.createDirectories(home.resolve(name));
        String yaml = """
                gateway: {id: secure}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {port: %d}
                logging: {levels: {dev.rivulet.sensors.mqtt: debug}}
                brokers:
                  central:
                %s
                sources:
                  fleet: {type: simulator, buses: 3, seed: 7, speed: 120}
                %s
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings,
                              capacity: 40, window: 2s, slide: 1s}
                upstream: {broker: central, period: 1s, retry-max: 2s}
                """.formatted(dir.resolve("state"), statusPort, broker.indent(4).stripTrailing(),
                mqttSource ? "  doors: {type: mqtt, broker: central, topics: [buses/+/door],"
                        + " decoder: {format: json, key: bus, fields: [in, out]}}" : "");
        return Files.writeString(dir.resolve("rivulet.yaml"), yaml);
    }

    private static HostTools.Result rivulet(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return HostTools.run(home, command);
    }

    private static String get(int port, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Connections the plaintext listener accepted (the test's own probe at start is one). */
    private static long plaintextConnections() throws IOException {
        return Files.readAllLines(brokerLog).stream().filter(line -> line.contains("New connection from")
                && line.endsWith(" on port " + plainPort + ".")).count();
    }

    private static List<Long> periodEnds(Path received) {
        List<Long> ends = new ArrayList<>();
        try {
            Matcher m = Pattern.compile("\"periodEnd\":(\\d+)").matcher(Files.readString(received));
            while (m.find()) {
                ends.add(Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            return List.of();
        }
        return ends;
    }

    private static List<String> lines(GatewayProcess gateway) {
        try {
            return gateway.lines();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }

    private static Path secret(String name, String text) throws IOException {
        Path file = Files.writeString(home.resolve(name), text + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static void run(List<String> command) {
        HostTools.Result result = HostTools.run(home, command);
        assertEquals(0, result.exitCode(), command + ": " + result.output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
