package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 18: one 40 MB MQTT message at QoS 1 on a source's topic ended the gateway ({@code OutOfMemoryError} with
 * the unit's {@code -Xmx48m}), and the persistent session redelivered it at every restart: a crash loop. Here the
 * shaded jar runs with the systemd unit's JVM flags against Debian's mosquitto with no size limit of its own (so
 * the gateway's defence is what is tested), a persistent session, the default {@code max-message-bytes}: valid
 * readings, the 40 MB message, more valid readings; then SIGTERM, another 40 MB message among valid readings while
 * the gateway is down (queued in its session and sent as soon as it connects: the report's crash loop), a restart;
 * then SIGKILL and a restart.
 *
 * <p>Each life must stay up, every valid reading must be counted exactly once (each bus's occupancy), and the big
 * message must never be read into memory nor come back. What happens to it depends on the protocol version:
 * <ul>
 * <li>MQTT 3.1.1: the broker cannot be told the limit and sends it; the gateway reads past it on the wire,
 *     acknowledges it, counts it ({@code rivulet_source_oversized_messages_total}) and dead-letters it once,
 *     without its payload, with one WARN per topic and life;</li>
 * <li>MQTT 5: the gateway announced the limit as Maximum Packet Size on CONNECT, and mosquitto drops the message
 *     itself instead of sending it (its log: {@code Dropping too large outgoing PUBLISH for rivulet-oversized-doors
 *     (41943055 bytes)}), once each: the gateway sees nothing.</li>
 * </ul>
 * {@code -Drivulet.oversized.jar=PATH} runs another jar, e.g. one built before the limit (it dies in life 1 with
 * {@code Terminating due to java.lang.OutOfMemoryError: Java heap space}). Logs: {@code app/target/oversized-message/}.
 */
class OversizedMessageIT {

    private static final String TOPIC = "buses/door";
    private static final int BIG_BYTES = 40 * 1024 * 1024;
    private static final Path LOGS = Path.of("target", "oversized-message");

    @TempDir
    Path work;

    private Mosquitto broker;
    private GatewayProcess gateway;
    private StatusClient status;
    private final Map<String, Long> expected = new TreeMap<>();
    private int readings;

    @AfterEach
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroy();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void aFortyMegabyteMessageNeitherEndsTheGatewayNorComesBackAfterARestart(String version) throws Exception {
        String name = "v" + version.replace('.', '_');
        // mosquitto's defaults: no message_size_limit, no max_packet_size. log_type all: what it does with the message.
        Path brokerLog = brokerAndGateway(name, version, "log_type all");
        Path state = work.resolve("state");
        Path big = bigMessage();

        gateway.start("life 1 (MQTT " + version + ", the unit's JVM flags)");
        // A first start has no broker session yet: what is published before it subscribed is not for it.
        awaitReady();
        publishReadings(40);
        publishFile(big);
        publishReadings(40);
        Map<String, Object> first = awaitOccupancy("life 1");
        boolean v3 = version.equals("3.1.1");
        assertEquals(v3 ? 1L : 0L, oversized(first), "oversized messages the gateway refused in life 1");
        assertEquals(v3 ? 1L : 0L, metric(first, "deadLetters"), "dead letters in life 1");
        assertTrue(gateway.alive(), "the gateway is up after the 40 MB message");

        assertTrue(gateway.terminate("life 1: SIGTERM"), "life 1 stopped on SIGTERM");
        // The report's crash loop: a big message waiting in the persistent session, sent at once on connecting.
        publishReadings(20);
        publishFile(big);
        publishReadings(20);
        gateway.start("life 2 (a 40 MB message waiting in the session)");
        awaitReady();
        publishReadings(10);
        Map<String, Object> second = awaitOccupancy("life 2");
        assertEquals(v3 ? 1L : 0L, oversized(second), "the message queued while the gateway was down, refused; the first"
                + " was acknowledged in life 1 and not sent again");
        assertEquals(v3 ? 1L : 0L, metric(second, "deadLetters"), "dead letters in life 2");

        gateway.kill("life 2: SIGKILL");
        gateway.start("life 3");
        awaitReady();
        publishReadings(10);
        Map<String, Object> third = awaitOccupancy("life 3");
        assertEquals(0L, oversized(third), "the refused message was acknowledged: not sent again in life 3");
        assertTrue(gateway.terminate("life 3: SIGTERM"), "life 3 stopped on SIGTERM");

        List<String> log = gateway.lines();
        Predicate<String> notable = line -> !line.startsWith("----")
                && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
        assertTrue(log.stream().noneMatch(notable), "no error in any life:\n" + gateway.excerpt(notable));
        List<String> warnings = log.stream().filter(line -> line.contains("is over the limit of")).toList();
        List<String> deadLetters = deadLetters(state);
        if (v3) {
            assertEquals(2, warnings.size(), "one WARN for the topic in each life that refused a message: " + warnings);
            assertTrue(warnings.get(0).contains("on topic " + TOPIC) && warnings.get(0).contains(BIG_BYTES + " bytes")
                    && warnings.get(0).contains("65536") && warnings.get(0).contains("sources.doors.max-message-bytes"),
                    warnings.get(0));
            assertEquals(2, deadLetters.size(), "each 40 MB message dead-lettered once: " + deadLetters);
            for (String letter : deadLetters) {
                assertTrue(letter.startsWith(TOPIC + " 0 "), "its topic, no payload: " + letter);
            }
        } else {
            assertEquals(List.of(), warnings, "mosquitto never sent the message");
            assertEquals(List.of(), deadLetters);
            List<String> dropped = Files.readAllLines(brokerLog).stream()
                    .filter(line -> line.contains("Dropping too large outgoing PUBLISH for rivulet-oversized-doors")).toList();
            assertEquals(2, dropped.size(), "mosquitto dropped each once, for the Maximum Packet Size the gateway announced: "
                    + dropped + " (its log: " + brokerLog.toAbsolutePath() + ")");
        }
        System.out.printf("oversized messages, MQTT %s: %d valid readings counted once over 3 lives, two 40 MB messages %s%n",
                version, readings, v3 ? "refused by the gateway and dead-lettered once each" : "dropped by mosquitto");
    }

    /**
     * Many messages each within {@code max-message-bytes} add up to more than the heap: 2,000 readings of 60 kB
     * (120 MB) wait in the persistent session while the gateway is down, and mosquitto sends them as fast as the
     * flow control lets it (MQTT 5: the gateway's Receive Maximum, 65,535 by default; MQTT 3.1.1:
     * {@code max_inflight_messages}, raised here to 1,000 as for a gateway that must catch up quickly). Before the
     * source held its unacknowledged payloads to a byte budget, the gateway ended with {@code OutOfMemoryError}
     * within two seconds, and every restart met the same backlog. Now it must take every reading exactly once,
     * and stay up again after a SIGKILL in the middle of a second such backlog.
     */
    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(strings = {"3.1.1", "5"})
    void aBacklogOfLargeMessagesWithinTheLimitDoesNotEndTheGateway(String version) throws Exception {
        brokerAndGateway("backlog-v" + version.replace('.', '_'), version, "max_inflight_messages 1000");

        gateway.start("life 1 (MQTT " + version + "): makes the session");
        awaitReady();
        publishReadings(10);
        awaitOccupancy("life 1");
        assertTrue(gateway.terminate("life 1: SIGTERM"), "life 1 stopped on SIGTERM");

        publishLargeReadings(2_000, 60_000);
        gateway.start("life 2: 120 MB of readings waiting in the session");
        awaitReady();
        awaitOccupancy("life 2");

        assertTrue(gateway.terminate("life 2: SIGTERM"), "life 2 stopped on SIGTERM");

        publishLargeReadings(2_000, 60_000);
        gateway.start("life 3: another 120 MB waiting");
        awaitReady();
        gateway.waitFor(1_000);
        gateway.kill("life 3: SIGKILL while it drains");
        gateway.start("life 4");
        awaitReady();
        awaitOccupancy("life 4");
        assertTrue(gateway.terminate("life 4: SIGTERM"), "life 4 stopped on SIGTERM");

        Predicate<String> notable = line -> !line.startsWith("----")
                && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
        assertTrue(gateway.lines().stream().noneMatch(notable), "no error in any life:\n" + gateway.excerpt(notable));
        System.out.printf("large-message backlog, MQTT %s: %d readings (two backlogs of 2,000 of 60 kB) counted once%n",
                version, readings);
    }

    /**
     * A mosquitto of the test's own ({@code brokerConfig} added to its configuration) and the gateway over it, not
     * started: the shaded jar (or {@code -Drivulet.oversized.jar}) with the unit's JVM flags, MQTT {@code version},
     * state in {@code work/state}, logs named {@code name} under {@link #LOGS}. Returns the broker's log.
     */
    private Path brokerAndGateway(String name, String version, String... brokerConfig) throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.oversized.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Mosquitto.binary();
        Files.createDirectories(LOGS);
        Path brokerLog = LOGS.resolve(name + "-mosquitto.log");
        Files.deleteIfExists(brokerLog);
        broker = new Mosquitto(name, work.resolve("broker"), brokerLog, brokerConfig);
        Path state = work.resolve("state");
        int statusPort = freePort();
        status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
        Path config = Files.writeString(work.resolve("rivulet.yaml"), config(version, state, statusPort));
        gateway = GatewayProcess.withUnitFlags(jar, config, LOGS.resolve(name + "-gateway.log"), state);
        return brokerLog;
    }

    // ---- publishing

    /** {@code n} readings, one passenger boarding each, spread over four buses. */
    private void publishReadings(int n) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++, readings++) {
            String bus = "bus-" + (readings % 4 + 1);
            expected.merge(bus, 1L, Long::sum);
            lines.add("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0,\"stop\":\"s" + readings + "\"}");
        }
        broker.publishLines(TOPIC, lines);
    }

    /**
     * {@code n} readings as in {@link #publishReadings}, each padded to about {@code bytes} with a field no decoder
     * reads (within the default {@code max-message-bytes}), published from a file with {@code mosquitto_pub -l}.
     */
    private void publishLargeReadings(int n, int bytes) throws IOException, InterruptedException {
        Path lines = work.resolve("large-readings.txt");
        String padding = "x".repeat(bytes);
        try (var out = Files.newBufferedWriter(lines)) {
            for (int i = 0; i < n; i++, readings++) {
                String bus = "bus-" + (readings % 4 + 1);
                expected.merge(bus, 1L, Long::sum);
                out.write("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0,\"stop\":\"s" + readings + "\",\"note\":\""
                        + padding + "\"}\n");
            }
        }
        Process pub = new ProcessBuilder(HostTools.require("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(broker.port()), "-q", "1", "-t", TOPIC, "-l")
                .redirectInput(lines.toFile()).redirectErrorStream(true).start();
        assertTrue(pub.waitFor(120, TimeUnit.SECONDS), "mosquitto_pub -l did not finish within 120 s");
        String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pub.exitValue(), "mosquitto_pub -l failed: " + output);
    }

    /** 40 MB of JSON-looking text, written in pieces (the test's own heap need not hold it). */
    private Path bigMessage() throws IOException {
        Path big = work.resolve("big.json");
        byte[] piece = new byte[1024 * 1024];
        Arrays.fill(piece, (byte) '7');
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < BIG_BYTES / piece.length; i++) {
                out.write(piece);
            }
        }
        return big;
    }

    private void publishFile(Path file) throws IOException, InterruptedException {
        Process pub = new ProcessBuilder(HostTools.require("mosquitto_pub").toString(), "-h", "127.0.0.1", "-p",
                Integer.toString(broker.port()), "-q", "1", "-t", TOPIC, "-f", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(pub.waitFor(120, TimeUnit.SECONDS), "mosquitto_pub -f did not finish within 120 s");
        String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, pub.exitValue(), "mosquitto_pub -f failed: " + output);
    }

    // ---- the gateway

    private void awaitReady() throws InterruptedException {
        gateway.awaitReady(status);
    }

    /** Waits until every bus's occupancy is what was published, each reading once; fails if the gateway ends. */
    private Map<String, Object> awaitOccupancy(String life) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, Object> last = Map.of();
        while (true) {
            if (!gateway.alive()) {
                fail(life + ": the gateway exited with status " + gateway.exitValue() + "\n"
                        + gateway.excerpt(l -> l.contains("ERROR") || l.contains("OutOfMemory")));
            }
            try {
                last = status.fetch();
            } catch (IOException e) {
                // the next round tells
            }
            Map<String, Long> occupancy = ApplianceChecks.occupancyOf(last);
            if (occupancy.equals(expected)) {
                // a reading counted twice would show as one more passenger: give it a moment to appear
                gateway.waitFor(1_500);
                Map<String, Object> settled = status.fetch();
                assertEquals(expected, ApplianceChecks.occupancyOf(settled), life + ": every reading exactly once");
                return settled;
            }
            if (System.nanoTime() > deadline) {
                fail(life + ": occupancy " + occupancy + ", expected " + expected + " (each reading once)\n"
                        + gateway.excerpt(l -> l.contains("WARN") || l.contains("ERROR")));
            }
            gateway.waitFor(200);
        }
    }

    private static long metric(Map<String, Object> status, String name) {
        return status.get("metrics") instanceof Map<?, ?> m && m.get(name) instanceof Number n ? n.longValue() : -1;
    }

    private static long oversized(Map<String, Object> status) {
        return status.get("metrics") instanceof Map<?, ?> m && m.get("oversizedMessages") instanceof Map<?, ?> o
                && o.get("doors") instanceof Number n ? n.longValue() : -1;
    }

    /** The dead letters in the gateway's SQLite file: topic, raw bytes kept, reason. */
    private static List<String> deadLetters(Path state) throws Exception {
        List<String> letters = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement();
             ResultSet rows = query.executeQuery("SELECT topic, length(raw), reason FROM dead_letter ORDER BY id")) {
            while (rows.next()) {
                letters.add(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getString(3));
            }
        }
        return letters;
    }

    private String config(String version, Path state, int statusPort) {
        return """
                gateway: {id: oversized-gw}
                batch: {interval: 500ms}
                storage: {directory: '%s'}
                status: {address: 127.0.0.1, port: %d}
                logging: {level: info, levels: {org.eclipse.paho: warn}}
                brokers:
                  local: {url: '%s', version: %s, client-id: rivulet-oversized}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [%s]
                    qos: 1
                    decoder: {format: json, key: bus, fields: [in, out], labels: [stop]}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    capacity: 1000
                """.formatted(state, statusPort, broker.url(), version, TOPIC);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
