package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop ({@code systemctl stop}: SIGTERM) delivers what the outbox holds before the process ends, while the
 * uplink is up: the alert the last batches raised reaches the central broker now, not at a next start that may be
 * far off (a gateway taken out of a bus for good never has one). The shaded jar runs with the unit's flags; its
 * uplink to mosquitto goes through a {@link TcpGate} that stalls it, so the alert waits in the outbox with the link
 * still up; SIGTERM comes then, and the gate passes the bytes on once the gateway says it is delivering. With
 * {@code -Drivulet.cleanstop.jar=PATH} it runs another jar: one from before this ends at once with the alert left
 * in the outbox. It also checks that the gateway loaded no {@code java.lang.runtime.ObjectMethods} on the way (a
 * record hashed per message: 0.5 MiB). Logs: {@code app/target/clean-stop/}.
 */
class CleanStopIT {

    private static final String TOPIC = "buses/door";
    private static final Path LOGS = Path.of("target", "clean-stop");

    @TempDir
    Path work;

    private Mosquitto broker;
    private TcpGate uplink;
    private UpstreamCollector central;
    private GatewayProcess gateway;

    @AfterEach
    void stopEverything() throws Exception {
        if (gateway != null) {
            gateway.destroy();
        }
        if (uplink != null) {
            uplink.close();
        }
        if (central != null) {
            central.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void sigtermDeliversTheAlertTheOutboxHoldsBeforeTheProcessEnds() throws Exception {
        Path jar = Path.of(System.getProperty("rivulet.cleanstop.jar",
                HostTools.repositoryRoot().resolve("app/target/rivulet.jar").toString()));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build it first (mvn package; verify does)");
        HostTools.require("mosquitto_pub");
        Mosquitto.binary();
        Files.createDirectories(LOGS);
        Files.deleteIfExists(LOGS.resolve("collector.log"));
        broker = new Mosquitto("clean-stop", work.resolve("broker"), LOGS.resolve("mosquitto.log"));
        uplink = new TcpGate(broker.port());
        central = new UpstreamCollector(broker.url(), "clean-stop-central", "rivulet/stop-gw/#",
                LOGS.resolve("collector.log"));
        Path state = work.resolve("state");
        int statusPort = GatewayProcess.freePort();
        Path config = Files.writeString(work.resolve("rivulet.yaml"), config(state, statusPort));
        Path classes = work.resolve("classes.log");
        List<String> jvm = new ArrayList<>(GatewayProcess.unitJvmOptions(
                HostTools.repositoryRoot().resolve("systemd/rivulet.service"), state));
        jvm.add("-Xlog:class+load:file=" + classes);
        gateway = new GatewayProcess(jar, config, LOGS.resolve("gateway.log"), jvm);
        URI metrics = URI.create("http://127.0.0.1:" + statusPort + "/metrics");
        gateway.start("the only life");
        gateway.awaitReady(new StatusClient(metrics.resolve("/"), Duration.ofSeconds(3)));

        uplink.hold();
        broker.publishLines(TOPIC, List.of("{\"bus\":\"bus-7\",\"in\":38,\"out\":0}"));
        // The alert is committed to the outbox and its publish sent into the stalled link: the link is still up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (MetricsScrape.value(metrics, Pattern.compile("(?m)^rivulet_outbox_messages (\\S+)$"), -2) < 1) {
            if (System.nanoTime() > deadline || !gateway.alive()) {
                fail("the alert did not wait in the outbox within 30 s\n" + gateway.excerpt(l -> l.contains("WARN")));
            }
            gateway.waitFor(100);
        }
        assertTrue(central.received().isEmpty(), "nothing upstream while the link stalls: " + central.received());

        long signalled = System.nanoTime();
        ProcessHandle.of(gateway.pid()).orElseThrow().destroy();
        while (gateway.alive() && gateway.lines().stream().noneMatch(l -> l.contains("stopping: delivering"))) {
            gateway.waitFor(50);
        }
        uplink.release();
        assertTrue(gateway.waitFor(30_000), "the gateway ended within 30 s of SIGTERM");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
        gateway.note("---- SIGTERM: exit status " + gateway.exitValue() + " after " + tookMillis + " ms");

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("rivulet.db"));
             Statement query = db.createStatement();
             ResultSet left = query.executeQuery("SELECT COUNT(*) FROM outbox")) {
            assertEquals(0, left.getLong(1), "the outbox is empty at the end: everything was delivered\n"
                    + gateway.excerpt(l -> l.contains("stopping") || l.contains("outbox")));
        }
        assertTrue(gateway.lines().stream().anyMatch(l -> l.contains("stopping: delivered the")),
                "the log says what it delivered on the way out");
        UpstreamCollector.Message alert = central.await(m -> m.topic().endsWith("/alerts"), Duration.ofSeconds(10));
        if (alert == null) {
            fail("the alert did not reach the central broker: " + central.received());
        }
        assertTrue(alert.payload().contains("\"key\":\"bus-7\"") && alert.payload().contains("\"state\":\"raised\""),
                alert.payload());
        // While it is here: an MQTT gateway's way (QoS 1 readings, the log's packet ids, an alert, the outbox) calls no
        // record's equals, hashCode or toString, whose first call costs 0.5 MiB (docs/BENCHMARKS.md, "Records as hash
        // keys on the way of every message"); the demo's way is UnitFootprintIT's.
        assertFalse(Files.readString(classes).contains(" java.lang.runtime.ObjectMethods "),
                "a record's equals, hashCode or toString ran on an MQTT gateway's way: use strings or a class of our own");
        System.out.printf("clean stop: the alert in the outbox delivered on SIGTERM; the gateway ended %d ms after it,"
                + " exit status %d%n", tookMillis, gateway.exitValue());
    }

    private String config(Path state, int statusPort) {
        return DoorCountsConfig.yaml("stop", state, statusPort, broker.url(), TOPIC, 40, uplink.url()) + """
                alerts:
                  near-capacity: {type: capacity, pipeline: occupancy, high: 90%, low: 80%, outputs: [upstream]}
                outputs:
                  upstream: {type: upstream}
                upstream:
                  broker: central
                  period: 1h
                """;
    }
}
