package dev.rivulet.gateway;

import static dev.rivulet.gateway.DoorCounterMqtt.door;
import static dev.rivulet.gateway.DoorCounterMqtt.subscribe;
import static dev.rivulet.sensors.Conditions.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.StatusClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on the Zero VM (Debian's openjdk-17-jre-zero: an interpreter, no compiler, no class sharing) with
 * the flags of README's drop-in in "Less memory, more CPU: the Zero VM" (the unit's, {@code -zero} and two heap
 * ratios): the demo stays within the 48 MiB it is for, and an MQTT gateway stays within them too while it takes
 * readings, raises and clears an alert, and keeps its ledger across a restart. Skipped where the Zero VM is not installed; under CI, which installs it, that fails.
 */
class ZeroVmIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final Path UNIT = HostTools.repositoryRoot().resolve("systemd/rivulet.service");

    @TempDir
    Path work;

    @BeforeAll
    static void zeroVmInstalled() {
        Path zero = Path.of(System.getProperty("java.home"), "lib", "zero", "libjvm.so");
        assertFalse("true".equals(System.getenv("CI")) && !Files.exists(zero), "CI installs the Zero VM: no " + zero);
        assumeTrue(Files.exists(zero), "no Zero VM here (apt-get install openjdk-17-jre-zero)");
        assertTrue(Files.isRegularFile(JAR), "run after mvn package: no " + JAR);
    }

    /**
     * The JVM flags of README's drop-in for the Zero VM ({@code Environment="RIVULET_JAVA_OPTS=-zero ..."}), SQLite's
     * native library unpacked into {@code state}: what a user who follows README runs.
     */
    private static List<String> zeroFlags(Path state) throws Exception {
        List<String> flags = GatewayProcess.jvmOptions(HostTools.repositoryRoot().resolve("README.md"), "-zero ", state);
        assertTrue(flags.containsAll(GatewayProcess.unitJvmOptions(UNIT, state)), "README's line keeps the unit's flags: " + flags);
        return flags;
    }

    @Test
    void theDemoStaysWithinFortyEightMegabytes() throws Exception {
        List<String> command = new ArrayList<>(List.of(HostTools.java()));
        command.addAll(zeroFlags(work));
        command.addAll(List.of("-jar", JAR.toString(), "demo", "--seconds", "6", "--port", "0"));
        Path out = work.resolve("demo.out");
        Process demo = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        long peakKb = 0;
        boolean zero = false;
        while (!demo.waitFor(100, TimeUnit.MILLISECONDS)) {
            peakKb = Math.max(peakKb, HostTools.vmHwmKb(demo.pid()));
            zero = zero || runsOnZero(demo.pid());
        }
        String output = Files.readString(out);
        assertEquals(0, demo.exitValue(), output);
        assertTrue(zero, "the demo ran on the Zero VM's libjvm.so");
        assertTrue(output.contains("open alerts: bus-"), "the demo raised alerts: " + output);
        assertTrue(peakKb > 0, "VmHWM was read while the demo ran");
        assertTrue(peakKb <= 48 * 1024, "the demo on the Zero VM peaked at " + peakKb + " kB resident, over 48 MiB");
    }

    @Test
    void anMqttGatewayRaisesAndClearsAnAlertAcrossARestart() throws Exception {
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            Path state = work.resolve("state");
            int statusPort = GatewayProcess.freePort();
            Path config = Files.writeString(work.resolve("rivulet.yaml"), """
                    gateway: {id: zero}
                    batch: {interval: 500ms}
                    storage: {directory: '%s'}
                    status: {address: 127.0.0.1, port: %d}
                    brokers:
                      local: {url: '%s', client-id: zero-gateway}
                    sources:
                      doors:
                        type: mqtt
                        broker: local
                        topics: [buses/+/door]
                        decoder: {format: json, key-from-topic: buses/+/door, fields: [in, out], labels: [stop]}
                    pipelines:
                      occupancy: {type: bus-occupancy, source: doors, capacity: 10}
                    alerts:
                      full:
                        pipeline: occupancy
                        high: 90%%
                        low: 50%%
                        outputs: [display]
                    outputs:
                      display: {type: mqtt, broker: local, topic: 'buses/{key}/alert'}
                    """.formatted(state, statusPort, broker.url()));
            StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
            GatewayProcess gateway = new GatewayProcess(JAR, config, Path.of("target", "zero-vm-gateway.log"), zeroFlags(state));
            MqttClient client = new MqttClient(broker.url(), "zero-test", new MemoryPersistence());
            try {
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setCleanStart(true);
                client.connect(options);
                List<String> display = subscribe(client, "buses/+/alert");

                gateway.start("life 1 on the Zero VM");
                gateway.awaitReady(status);
                door(client, "b1", 10, 0);
                await("the display shows b1 raised", () -> display.stream().anyMatch(m -> m.startsWith("buses/b1/alert ")
                        && m.contains("\"state\":\"raised\"")));
                assertTrue(runsOnZero(gateway.pid()), "the gateway runs on the Zero VM's libjvm.so");
                long peakKb = HostTools.vmHwmKb(gateway.pid());
                assertTrue(peakKb > 0 && peakKb <= 48 * 1024, "the MQTT gateway on the Zero VM peaked at " + peakKb
                        + " kB resident, over 48 MiB");
                assertTrue(gateway.terminate("life 1: SIGTERM"), gateway.excerpt(l -> l.contains("ERROR")));

                gateway.start("life 2 on the Zero VM");
                gateway.awaitReady(status);
                door(client, "b1", 0, 8);
                await("b1 cleared: 10 boarded in life 1, 8 alighted in life 2", () -> display.stream().anyMatch(
                        m -> m.startsWith("buses/b1/alert ") && m.contains("\"state\":\"cleared\"")));
                assertTrue(gateway.terminate("life 2: SIGTERM"), gateway.excerpt(l -> l.contains("ERROR")));
                assertFalse(gateway.lines().stream().anyMatch(l -> l.contains("ERROR")), gateway.excerpt(l -> l.contains("ERROR")));
            } finally {
                gateway.destroy();
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            }
        }
    }

    /** Whether process {@code pid} has the Zero VM's libjvm.so mapped; false once it has gone. */
    private static boolean runsOnZero(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "maps")).contains("/lib/zero/libjvm.so");
        } catch (IOException e) {
            return false;
        }
    }
}
