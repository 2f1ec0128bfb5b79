package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key a pipeline has seen stays in its state, and the unit's 48 MiB heap holds about 20,000 buses: 30,000
 * readings of distinct buses at QoS 1 ended the gateway with {@code OutOfMemoryError}, and since they were
 * acknowledged and logged first, every restart met them again. Here the shaded jar runs with the systemd unit's JVM
 * flags against Debian's mosquitto, with the default {@code max-keys} (10,000): it must take the first 10,000 buses,
 * dead-letter and acknowledge the other 20,000, stay up, and after a SIGKILL go on counting the same 10,000 (a known
 * bus's reading taken, a new bus's refused) without meeting the refused readings again.
 *
 * <p>{@code -Drivulet.manykeys.jar=PATH} runs another jar, e.g. one built before the limit (it ends in life 1 with
 * {@code Terminating due to java.lang.OutOfMemoryError}). Logs: {@code app/target/many-keys/}.
 */
class ManyKeysIT {

    private static final String TOPIC = "buses/door";
    private static final int LIMIT = 10_000;
    private static final int BUSES = 30_000;
    private static final Path LOGS = Path.of("target", "many-keys");

    @TempDir
    Path work;

    private Mosquitto broker;
    private GatewayProcess gateway;
    private URI metrics;

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
    void thirtyThousandBusesTakeTheFirstTenThousandAndTheLimitOutlivesASigkill() throws Exception {
        Path state = work.resolve("state");
        start(state);
        gateway.start("life 1 (the unit's JVM flags, max-keys by default)");
        StatusClient status = new StatusClient(metrics.resolve("/"), Duration.ofSeconds(3));
        gateway.awaitReady(status);

        List<String> lines = new ArrayList<>();
        for (int bus = 0; bus < BUSES; bus++) {
            lines.add("{\"bus\":\"k" + bus + "\",\"in\":1,\"out\":0}");
            if (lines.size() == 10_000) {
                broker.publishLines(TOPIC, lines);
                lines.clear();
            }
        }
        awaitMetric("life 1", "rivulet_source_keys_refused_total\\{source=\"doors\"}", BUSES - LIMIT, 180);
        awaitMetric("life 1", "rivulet_records_in_total", LIMIT, 60);
        assertEquals(LIMIT, metric("rivulet_source_keys\\{source=\"doors\"}"));
        assertEquals(LIMIT, metric("rivulet_source_max_keys\\{source=\"doors\"}"));
        assertEquals(BUSES - LIMIT, metric("rivulet_dead_letters_total"));
        assertEquals(1, metric("rivulet_degraded"), "degraded, and says why");
        assertEquals(1, metric("rivulet_ready"), "still ready: the buses it has are served");
        assertTrue(String.valueOf(status.fetch().get("reasons")).contains("sources.doors.max-keys"), status.fetch().toString());
        awaitMetric("life 1", "rivulet_bus_occupancy\\{pipeline=\"occupancy\",bus=\"k9999\"}", 1, 30);
        assertEquals(-2, metric("rivulet_bus_occupancy\\{pipeline=\"occupancy\",bus=\"k10000\"}"), "never taken");

        gateway.kill("life 1: SIGKILL");
        gateway.start("life 2");
        gateway.awaitReady(status);
        broker.publishLines(TOPIC, List.of("{\"bus\":\"k0\",\"in\":1,\"out\":0}", "{\"bus\":\"k40000\",\"in\":1,\"out\":0}",
                "{\"bus\":\"k9999\",\"in\":2,\"out\":0}", "{\"bus\":\"k10001\",\"in\":1,\"out\":0}"));
        awaitMetric("life 2", "rivulet_source_keys_refused_total\\{source=\"doors\"}", 2, 60);
        awaitMetric("life 2", "rivulet_bus_occupancy\\{pipeline=\"occupancy\",bus=\"k9999\"}", 3, 30);
        assertEquals(2, metric("rivulet_bus_occupancy\\{pipeline=\"occupancy\",bus=\"k0\"}"), "a known bus, taken");
        assertEquals(LIMIT, metric("rivulet_source_keys\\{source=\"doors\"}"), "the 10,000 counted from the store");
        gateway.waitFor(1_500);
        assertEquals(2, metric("rivulet_source_keys_refused_total\\{source=\"doors\"}"),
                "the 20,000 refused in life 1 were acknowledged: none came back");
        assertTrue(gateway.terminate("life 2: SIGTERM"), "life 2 stopped on SIGTERM");

        Predicate<String> notable = line -> !line.startsWith("----")
                && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
        assertTrue(gateway.lines().stream().noneMatch(notable), "no error in either life:\n" + gateway.excerpt(notable));
        List<String> warnings = gateway.lines().stream().filter(line -> line.contains("its max-keys")).toList();
        assertTrue(!warnings.isEmpty() && warnings.size() <= 7 && warnings.get(0).contains("sources.doors.max-keys"),
                "a few warnings (at 1, 10, 100 … refusals), naming the key to raise: " + warnings);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement();
             ResultSet keys = query.executeQuery("SELECT COUNT(*) FROM admitted_key WHERE source = 'doors'")) {
            assertEquals(LIMIT, keys.getLong(1));
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement();
             ResultSet letter = query.executeQuery("SELECT topic, raw, reason FROM dead_letter ORDER BY id DESC LIMIT 1")) {
            assertEquals(TOPIC, letter.getString(1));
            assertEquals("{\"bus\":\"k10001\",\"in\":1,\"out\":0}", letter.getString(2));
            assertTrue(letter.getString(3).contains("key 'k10001'") && letter.getString(3).contains("max-keys 10000"),
                    letter.getString(3));
        }
        System.out.printf("many keys: %,d buses published, %,d taken, %,d dead-lettered; the limit held across a SIGKILL%n",
                BUSES, LIMIT, BUSES - LIMIT);
    }

    /**
     * A label a pipeline keys its state by for good is limited like the keys: a running total of boardings per stop
     * (an aggregate with {@code key: label:stop}) with a threshold alert on it, fed by ten buses whose readings each
     * name a stop of their own, must take the first 10,000 stops, dead-letter the other 20,000 and stay up, and after
     * a SIGKILL count the same 10,000. The jar before the limit took them all: with 100,000 stops it ended with
     * {@code OutOfMemoryError} within 2 s (docs/BENCHMARKS.md, "Many keys"), and every restart met them again.
     */
    @Test
    void thirtyThousandStopsAnAggregateKeysByTakeTheFirstTenThousandAndTheLimitOutlivesASigkill() throws Exception {
        Path state = work.resolve("state");
        start(state, (statusPort, brokerUrl) -> DoorCountsConfig.yaml("many-stops", state, statusPort, brokerUrl, TOPIC)
                .replace("fields: [in, out]}", "fields: [in, out], labels: [stop]}")
                + """
                  stops: {type: aggregate, source: doors, key: 'label:stop', value: in, aggregate: sum, running: true}
                alerts:
                  busy-stop: {type: threshold, pipeline: stops, high: 100}
                """);
        gateway.start("life 1 (the unit's JVM flags, max-keys by default)");
        StatusClient status = new StatusClient(metrics.resolve("/"), Duration.ofSeconds(3));
        gateway.awaitReady(status);

        List<String> lines = new ArrayList<>();
        for (int stop = 0; stop < BUSES; stop++) {
            lines.add(stopReading(stop % 10, stop));
            if (lines.size() == 10_000) {
                broker.publishLines(TOPIC, lines);
                lines.clear();
            }
        }
        String stops = "rivulet_source_label_values\\{source=\"doors\",label=\"stop\"}";
        awaitMetric("life 1", "rivulet_source_keys_refused_total\\{source=\"doors\"}", BUSES - LIMIT, 180);
        awaitMetric("life 1", "rivulet_records_in_total", LIMIT, 60);
        assertEquals(LIMIT, metric(stops));
        assertEquals(10, metric("rivulet_source_keys\\{source=\"doors\"}"), "the ten buses");
        assertEquals(1, metric("rivulet_degraded"), "degraded, and says why");
        assertTrue(String.valueOf(status.fetch().get("reasons")).contains("label 'stop''s values"), status.fetch().toString());

        gateway.kill("life 1: SIGKILL");
        gateway.start("life 2");
        gateway.awaitReady(status);
        broker.publishLines(TOPIC, List.of(stopReading(0, 0), stopReading(1, 40_000), stopReading(2, 9_999)));
        awaitMetric("life 2", "rivulet_source_keys_refused_total\\{source=\"doors\"}", 1, 60);
        gateway.waitFor(1_500);
        assertEquals(1, metric("rivulet_source_keys_refused_total\\{source=\"doors\"}"),
                "s40000 refused, s0 and s9999 taken: known stops; none of the 20,000 refused in life 1 came back");
        assertEquals(LIMIT, metric(stops), "the 10,000 counted from the store");
        assertTrue(gateway.terminate("life 2: SIGTERM"), "life 2 stopped on SIGTERM");

        Predicate<String> notable = line -> !line.startsWith("----")
                && (line.contains("OutOfMemoryError") || line.contains("ERROR"));
        assertTrue(gateway.lines().stream().noneMatch(notable), "no error in either life:\n" + gateway.excerpt(notable));
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement()) {
            try (ResultSet values = query.executeQuery(
                    "SELECT COUNT(*) FROM admitted_key WHERE source = 'doors' || char(31) || 'label:stop'")) {
                assertEquals(LIMIT, values.getLong(1));
            }
            try (ResultSet letter = query.executeQuery("SELECT raw, reason FROM dead_letter ORDER BY id DESC LIMIT 1")) {
                assertEquals(stopReading(1, 40_000), letter.getString(1));
                assertTrue(letter.getString(2).contains("value 's40000' would be value 10001 of label 'stop' of source"
                        + " 'doors'") && letter.getString(2).contains("max-keys 10000"), letter.getString(2));
            }
        }
        System.out.printf("many stops: %,d stops published, %,d taken, %,d dead-lettered; the limit held across a"
                + " SIGKILL%n", BUSES, LIMIT, BUSES - LIMIT);
    }

    private static String stopReading(int bus, int stop) {
        return "{\"bus\":\"k" + bus + "\",\"in\":1,\"out\":0,\"stop\":\"s" + stop + "\"}";
    }

    private void start(Path state) throws Exception {
        start(state, (statusPort, brokerUrl) -> DoorCountsConfig.yaml("many-keys", state, statusPort, brokerUrl, TOPIC));
    }

    /** The broker, and the gateway with the configuration {@code yaml} makes of its status port and broker URL. */
    private void start(Path state, BiFunction<Integer, String, String> yaml) throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.manykeys.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Mosquitto.binary();
        Files.createDirectories(LOGS);
        broker = new Mosquitto("many-keys", work.resolve("broker"), LOGS.resolve("mosquitto.log"));
        int statusPort = GatewayProcess.freePort();
        metrics = URI.create("http://127.0.0.1:" + statusPort + "/metrics");
        Path config = Files.writeString(work.resolve("rivulet.yaml"), yaml.apply(statusPort, broker.url()));
        gateway = GatewayProcess.withUnitFlags(jar, config, LOGS.resolve("gateway.log"), state);
    }

    /** The sample's value; -2 when /metrics has no such sample, -1 when the gateway does not answer. */
    private long metric(String sample) {
        return MetricsScrape.value(metrics, Pattern.compile("(?m)^" + sample + " (\\S+)$"), -2);
    }

    /** Waits until the sample reads {@code value}; fails if the gateway ends or {@code seconds} pass. */
    private void awaitMetric(String life, String sample, long value, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long last = -1;
        while (last != value) {
            if (!gateway.alive()) {
                fail(life + ": the gateway exited with status " + gateway.exitValue() + " while " + sample + " read "
                        + last + "\n" + gateway.excerpt(l -> l.contains("ERROR") || l.contains("OutOfMemory")));
            }
            if (System.nanoTime() > deadline) {
                fail(life + ": " + sample + " reads " + last + " after " + seconds + " s, expected " + value + "\n"
                        + gateway.excerpt(l -> l.contains("WARN") || l.contains("ERROR")));
            }
            gateway.waitFor(250);
            last = metric(sample);
        }
    }
}
