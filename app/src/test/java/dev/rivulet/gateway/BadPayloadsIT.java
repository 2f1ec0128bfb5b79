package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import dev.rivulet.upstream.SmallFileSystem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payloads the decoder refuses, as a sensor fleet sends them after a firmware update changed its format: the shaded
 * jar with the systemd unit's JVM flags, Debian's mosquitto at QoS 1, the state on a real 8 MB file system (tmpfs,
 * needs root).
 *
 * <p>Before the dead letters were written in groups, each was written on the MQTT source's own thread, one
 * transaction and one disk sync apiece, and acknowledged at once. A dead letter that met a full disk threw on that
 * thread, and the source stopped delivering for good: after space came back, every reading on it went untaken until a
 * restart ({@code -Drivulet.badpayloads.jar=PATH} runs another jar: the one before fails waiting for the readings
 * published once space is freed). Now a letter waits, unacknowledged, until the disk takes it: a SIGKILL meanwhile loses none, since the broker
 * still holds their messages, and the readings behind them are taken once space returns. The same gateway then takes a
 * flood of 20,000 bad payloads and the readings published after it. Logs: {@code app/target/bad-payloads/}.
 */
class BadPayloadsIT {

    private static final String TOPIC = "buses/door";
    private static final int WAITING = 300;
    private static final int FLOOD = 20_000;
    /** Dead letters the store keeps (its default bound): the newest of the flood. */
    private static final int KEPT = 1_000;
    private static final Path LOGS = Path.of("target", "bad-payloads");

    @TempDir
    Path work;

    private Mosquitto broker;
    private GatewayProcess gateway;
    private final Map<String, Long> occupancy = new TreeMap<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroy();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void badPayloadsOnAFullDiskWaitThroughASigkillAndAFloodOfThemHoldsNothingUp() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(work.resolve("disk"), "8m")) {
            Path state = disk.path().resolve("state");
            URI address = prepare("", state);
            StatusClient status = new StatusClient(address, Duration.ofSeconds(3));
            URI metrics = address.resolve("/metrics");

            gateway.start("life 1");
            gateway.awaitReady(status);
            publishGood(0, 40);
            gateway.awaitOccupancy(status, occupancy, 60);

            Path filler = disk.path().resolve("filler");
            fill(filler);
            gateway.note("---- the disk is full; " + WAITING + " bad payloads, then space freed");
            publishBad("full disk", 0, WAITING);
            awaitLog("dead letters cannot be kept", "stopped delivering");
            Files.delete(filler);
            publishGood(40, 80);
            gateway.awaitOccupancy(status, occupancy, 60);
            awaitDeadLetters(state, "full disk", 0, WAITING, 60);

            fill(filler);
            gateway.note("---- the disk is full again; " + WAITING + " bad payloads, then SIGKILL");
            publishBad("killed", 0, WAITING);
            awaitReason(status, "dead letters wait to be kept", 60);
            awaitWaitingLetters(metrics, WAITING, 60);
            gateway.kill("life 1: SIGKILL with the dead letters waiting");
            Files.delete(filler);
            gateway.start("life 2, space freed");
            gateway.awaitReady(status);
            publishGood(80, 120);
            gateway.awaitOccupancy(status, occupancy, 60);
            awaitDeadLetters(state, "killed", 0, WAITING, 60);
            awaitWaitingLetters(metrics, 0, 10);

            gateway.note("---- a flood of " + FLOOD + " bad payloads, then good readings");
            publishBad("flood", 0, FLOOD);
            publishGood(120, 160);
            gateway.awaitOccupancy(status, occupancy, 120);
            awaitDeadLetters(state, "flood", FLOOD - 1, 1, 120);
            assertTrue(gateway.terminate("life 2: SIGTERM"), "life 2 stopped on SIGTERM");

            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
                 Statement query = db.createStatement()) {
                try (ResultSet last = query.executeQuery("SELECT raw, reason FROM dead_letter ORDER BY id DESC LIMIT 1")) {
                    assertEquals("bad flood " + (FLOOD - 1), last.getString(1), "the newest letter is the flood's last");
                    assertTrue(last.getString(2).startsWith("not JSON"), last.getString(2));
                }
                try (ResultSet kept = query.executeQuery("SELECT COUNT(*), COUNT(DISTINCT raw), MAX(id) - MIN(id) + 1"
                        + " FROM dead_letter")) {
                    assertEquals(List.of((long) KEPT, (long) KEPT, (long) KEPT),
                            List.of(kept.getLong(1), kept.getLong(2), kept.getLong(3)),
                            "the store's bound: the flood's newest " + KEPT + ", each once, none missing between them");
                }
            }
            Predicate<String> errors = line -> line.startsWith("ERROR") || line.startsWith("\tat ");
            assertTrue(gateway.lines().stream().noneMatch(errors), "no error in either life:\n" + gateway.excerpt(errors));
            assertEquals(2, gateway.lines().stream().filter(line -> line.contains("dead letters cannot be kept")).count(),
                    "each full disk said once");
            assertTrue(gateway.lines().stream().anyMatch(line -> line.contains("dead letters are kept again")),
                    "and its end");
        }
    }

    @Test
    void readingsWithKeysPastTheLengthLimitAreRefusedAndTheGatewayStaysUp() throws Exception {
        Path state = work.resolve("state");
        URI address = prepare("long-keys-", state);
        StatusClient status = new StatusClient(address, Duration.ofSeconds(3));
        URI metrics = address.resolve("/metrics");

        gateway.start("life 1");
        gateway.awaitReady(status);
        // 2,000 buses named with 30,000 characters each: 60 MB of keys against the unit's 48 MiB heap. Before the limit
        // the gateway ended with OutOfMemoryError, and every restart met them again in its write-ahead log.
        String name = "k".repeat(30_000);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            lines.add("{\"bus\":\"" + name + i + "\",\"in\":1,\"out\":0}");
            if (lines.size() == 500) {
                broker.publishLines(TOPIC, lines);
                lines.clear();
            }
        }
        publishGood(0, 40);
        gateway.awaitOccupancy(status, occupancy, 60);
        assertEquals(2_000, MetricsScrape.value(metrics, Pattern.compile("(?m)^rivulet_dead_letters_total (\\S+)$"), -2));
        gateway.kill("life 1: SIGKILL");
        gateway.start("life 2");
        gateway.awaitReady(status);
        publishGood(40, 80);
        gateway.awaitOccupancy(status, occupancy, 60);
        assertTrue(gateway.terminate("life 2: SIGTERM"), "life 2 stopped on SIGTERM");
        Predicate<String> errors = line -> line.startsWith("ERROR") || line.contains("OutOfMemoryError");
        assertTrue(gateway.lines().stream().noneMatch(errors), "no error in either life:\n" + gateway.excerpt(errors));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement();
             ResultSet letter = query.executeQuery("SELECT reason, raw_length FROM dead_letter ORDER BY id DESC LIMIT 1")) {
            assertTrue(letter.getString(1).startsWith("key of 30004 characters is longer than the limit of 256"),
                    letter.getString(1));
            assertEquals(30_029, letter.getInt(2), "the payload's length as it arrived; its bytes cut to the store's 1 KiB");
        }
    }

    /**
     * A mosquitto and the gateway (the shipped jar, or {@code -Drivulet.badpayloads.jar}, with the unit's flags) keeping
     * its state in {@code state}, logs named with {@code prefix}; not started. Returns its status address.
     */
    private URI prepare(String prefix, Path state) throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.badpayloads.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Mosquitto.binary();
        Files.createDirectories(LOGS);
        broker = new Mosquitto(prefix + "bad-payloads", work.resolve("broker"), LOGS.resolve(prefix + "mosquitto.log"));
        int statusPort = GatewayProcess.freePort();
        Path config = Files.writeString(work.resolve("rivulet.yaml"), DoorCountsConfig.yaml("bad-payloads", state, statusPort, broker.url(), TOPIC));
        gateway = GatewayProcess.withUnitFlags(jar, config, LOGS.resolve(prefix + "gateway.log"), state);
        return URI.create("http://127.0.0.1:" + statusPort);
    }

    /** Readings {@code from} … {@code to - 1} of four buses, one boarding each; counted into {@link #occupancy}. */
    private void publishGood(int from, int to) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String bus = "b" + i % 4;
            lines.add("{\"bus\":\"" + bus + "\",\"in\":1,\"out\":0}");
            occupancy.merge(bus, 1L, Long::sum);
        }
        broker.publishLines(TOPIC, lines);
    }

    /** Payloads {@code bad NAME i}, not JSON, in chunks of 10,000 ({@code mosquitto_pub -l} stops early past 65,535). */
    private void publishBad(String name, int from, int to) throws IOException, InterruptedException {
        List<String> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            lines.add("bad " + name + " " + i);
            if (lines.size() == 10_000 || i == to - 1) {
                broker.publishLines(TOPIC, lines);
                lines.clear();
            }
        }
    }

    /** Writes {@code file} until the disk is full (tmpfs allocates what is written). */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    /** Waits until the gateway's log has a line with one of {@code texts}. */
    private void awaitLog(String... texts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gateway.lines().stream().noneMatch(line -> List.of(texts).stream().anyMatch(line::contains))) {
            if (!gateway.alive() || System.nanoTime() > deadline) {
                fail("no line with any of " + List.of(texts) + " in the gateway's log\n"
                        + gateway.excerpt(l -> l.contains("WARN") || l.contains("ERROR")));
            }
            gateway.waitFor(250);
        }
    }

    private void awaitReason(StatusClient status, String reason, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String reasons = "";
        while (!reasons.contains(reason)) {
            if (!gateway.alive()) {
                fail("the gateway exited with status " + gateway.exitValue() + "\n" + gateway.excerpt(l -> l.contains("ERROR")));
            }
            if (System.nanoTime() > deadline) {
                fail("no reason '" + reason + "' within " + seconds + " s: " + reasons + "\n"
                        + gateway.excerpt(l -> l.contains("WARN") || l.contains("ERROR")));
            }
            gateway.waitFor(250);
            try {
                reasons = String.valueOf(status.fetch().get("reasons"));
            } catch (IOException e) {
                reasons = "not answering: " + e;
            }
        }
    }

    /** Waits until {@code /metrics} says {@code count} dead letters wait to be kept. */
    private void awaitWaitingLetters(URI metrics, long count, int seconds) throws Exception {
        Pattern sample = Pattern.compile("(?m)^rivulet_dead_letters_waiting (\\S+)$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long waiting;
        while ((waiting = MetricsScrape.value(metrics, sample, -2)) != count) {
            if (System.nanoTime() > deadline) {
                fail("rivulet_dead_letters_waiting " + waiting + " after " + seconds + " s, not " + count);
            }
            gateway.waitFor(250);
        }
    }

    /**
     * Waits until the database holds {@code count} distinct letters {@code bad NAME i} with {@code i >= from} (a
     * letter written twice, its message sent again after a SIGKILL, counts once).
     */
    private void awaitDeadLetters(Path state, String name, int from, int count, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long kept = -1;
        while (kept != count) {
            if (System.nanoTime() > deadline) {
                fail(count + " dead letters 'bad " + name + " i' with i >= " + from + " expected, " + kept + " kept after "
                        + seconds + " s\n" + gateway.excerpt(l -> l.contains("WARN") || l.contains("ERROR")));
            }
            gateway.waitFor(250);
            try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
                 Statement query = db.createStatement()) {
                query.setQueryTimeout(5);
                try (ResultSet rows = query.executeQuery("SELECT COUNT(DISTINCT raw) FROM dead_letter"
                        + " WHERE CAST(raw AS TEXT) LIKE 'bad " + name + " %'"
                        + " AND CAST(substr(CAST(raw AS TEXT), " + (("bad " + name + " ").length() + 1) + ") AS INTEGER) >= "
                        + from)) {
                    kept = rows.getLong(1);
                }
            }
        }
    }
}
