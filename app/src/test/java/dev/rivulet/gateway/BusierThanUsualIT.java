package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.baseline.Baseline;
import dev.rivulet.baseline.BaselineFile;
import dev.rivulet.baseline.Usual;
import dev.rivulet.baseline.WeekSlots;
import dev.rivulet.ops.HostTools;
import dev.rivulet.replay.BaselineReplayTest;
import dev.rivulet.replay.SeededWeeks;
import dev.rivulet.status.StatusClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline and the busier-than-usual alert from the shipped jar, as an operator runs them: {@code rivulet replay
 * --baseline-out} builds the baseline from three recorded weeks, {@code rivulet replay} of the fourth week with the
 * rule on gives exactly the unusual Wednesday's raise and clear; and a live gateway against a real mosquitto reads
 * its baseline at start, raises on the display, reads the file again when it is replaced (and clears, the new
 * baseline saying the load is usual now), and keeps its baseline with a WARN when the file is broken.
 */
class BusierThanUsualIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void aBaselineFromRecordedWeeksThenExactlyTheUnusualDaysAlerts() throws Exception {
        Path baseline = dir.resolve("baseline.json");
        Path config = Files.writeString(dir.resolve("rivulet.yaml"),
                SeededWeeks.config(dir.resolve("state"), baseline, "tcp://127.0.0.1:1"));
        Path normal = SeededWeeks.write(SeededWeeks.weeks(0, SeededWeeks.UNUSUAL_WEEK), dir.resolve("normal.jsonl.gz"));
        Path unusual = SeededWeeks.write(SeededWeeks.weeks(SeededWeeks.UNUSUAL_WEEK, SeededWeeks.UNUSUAL_WEEK + 1),
                dir.resolve("unusual.jsonl"));

        Run built = replay(config, "built", "--baseline-out", baseline.toString(), normal.toString());
        assertEquals(0, built.exit, built.stderr);
        assertTrue(built.stderr.contains("baseline of occupancy.load by key for alerts.busier: 3 keys, 504 slots of 60"
                + " minutes"), built.stderr);
        assertEquals("", Files.readString(built.out), "with --baseline-out and no --out, nothing else is written");
        Baseline read = BaselineFile.read(baseline);
        assertEquals(36, read.at("bus-2", SeededWeeks.unusualDayAt(SeededWeeks.UNUSUAL_FROM)).samples());

        Run replayed = replay(config, "replayed", unusual.toString());
        assertEquals(0, replayed.exit, replayed.stderr);
        List<Map<String, String>> alerts = BaselineReplayTest.alerts(Files.readAllBytes(replayed.out));
        List<String> seen = alerts.stream().map(alert -> alert.get("key") + " " + alert.get("state") + " "
                + alert.get("batchTime")).toList();
        assertEquals(List.of(
                "bus-2 raised " + (SeededWeeks.unusualDayAt(SeededWeeks.UNUSUAL_FROM) + 10 * 60_000),
                "bus-2 cleared " + (SeededWeeks.unusualDayAt(SeededWeeks.UNUSUAL_TO) + 5 * 60_000)), seen,
                "exactly the unusual Wednesday's alerts, and nothing on the other days of the week");
    }

    @Test
    void aLiveGatewayReadsItsBaselineAtStartAndAgainWhenItChanges() throws Exception {
        Path baseline = dir.resolve("baseline.json");
        BaselineFile.write(everySlot(0.1), baseline);
        try (Mosquitto broker = new Mosquitto("local", dir.resolve("broker"), dir.resolve("broker.log"));
             UpstreamCollector display = new UpstreamCollector(broker.url(), "display", "buses/+/busy",
                     dir.resolve("display.log"))) {
            int statusPort = freePort();
            // The seeded history's gateway, live: batches of 500 ms, its status page on, slots in UTC.
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), SeededWeeks.config(dir.resolve("state"), baseline,
                            broker.url())
                    .replace("interval: 5m", "interval: 500ms").replace("window: 15m", "window: 1s")
                    .replace("slide: 5m", "slide: 500ms").replace("time-zone: Europe/Berlin", "time-zone: UTC")
                    .replace("status: {port: 0}", "status: {address: 127.0.0.1, port: " + statusPort + "}")
                    .replace("outputs: [display]", "outputs: [display, log]"));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            try {
                gateway.start("life 1");
                StatusClient status = new StatusClient(URI.create("http://127.0.0.1:" + statusPort), Duration.ofSeconds(3));
                gateway.awaitReady(status);
                assertTrue(gateway.lines().stream().anyMatch(line -> line.contains("alerts.busier: read the baseline "
                        + baseline)), gateway.excerpt(line -> line.contains("baseline")));

                // 50 of 60 seats where 10% is usual: raised after two batches.
                broker.publishLines("buses/live-1/door", List.of("{\"in\":50,\"out\":0}"));
                await("the display shows live-1 busier than usual", () -> states(display).contains("raised"));
                String raised = display.received().get(0).payload();
                assertTrue(raised.contains("\"key\":\"live-1\"") && raised.contains("50 of 60 passengers; usually up to"
                        + " 0.10 on "), raised);

                // The baseline replaced: 90% is usual now, and 50 of 60 is below it: cleared at the next batch.
                BaselineFile.write(everySlot(0.9), baseline);
                await("the new baseline read and the alert cleared", () -> states(display).equals(List.of("raised", "cleared")));
                assertTrue(gateway.lines().stream().anyMatch(line -> line.contains("alerts.busier: read again the baseline")),
                        gateway.excerpt(line -> line.contains("baseline")));

                // A broken copy: a WARN, the baseline read before stays, the gateway runs on.
                Files.writeString(baseline, "{\"format\": \"rivulet-baseline\", \"version\": 1, \"usu");
                await("a WARN for the broken baseline", () -> lines(gateway).stream().anyMatch(line -> line.contains("WARN")
                        && line.contains("is not a baseline's JSON") && line.endsWith("the baseline read before stays in use")));
                broker.publishLines("buses/live-1/door", List.of("{\"in\":6,\"out\":0}"));
                // 56 of 60 against the 90% still in use: 0.93 - 0.9 is under the margin, nothing is raised.
                long batches = batchesNow(status);
                await("four more batches", () -> batchesNow(status) >= batches + 4);
                assertEquals(List.of("raised", "cleared"), states(display));
                assertTrue(gateway.alive(), "a broken baseline never stops the gateway");
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }
        }
    }

    /** A baseline of live-1 whose usual high is {@code high} in every hour of the week. */
    private static Baseline everySlot(double high) {
        WeekSlots slots = new WeekSlots(Duration.ofHours(1), ZoneOffset.UTC);
        Map<Integer, Usual> usual = new HashMap<>();
        for (int slot = 0; slot < slots.count(); slot++) {
            usual.put(slot, new Usual(100, high / 2, high));
        }
        return new Baseline("occupancy.load", Baseline.BY_KEY, slots, 0.9, 0, 0, Map.of("live-1", usual));
    }

    private static List<String> states(UpstreamCollector display) {
        List<String> states = new ArrayList<>();
        for (UpstreamCollector.Message message : display.received()) {
            states.add(message.payload().contains("\"state\":\"raised\"") ? "raised" : "cleared");
        }
        return states;
    }

    private static List<String> lines(GatewayProcess gateway) {
        try {
            return gateway.lines();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Batches the gateway completed so far, from its status page; -1 while it does not answer. */
    private static long batchesNow(StatusClient status) {
        try {
            return status.fetch().get("metrics") instanceof Map<?, ?> metrics
                    && metrics.get("batches") instanceof Number batches ? batches.longValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private record Run(int exit, Path out, String stderr) {
    }

    private Run replay(Path config, String name, String... arguments) throws IOException, InterruptedException {
        Path out = dir.resolve(name + ".jsonl");
        List<String> command = new ArrayList<>(List.of(HostTools.java(), "-Xmx64m", "-jar", JAR.toString(), "replay",
                "--config", config.toString()));
        command.addAll(List.of(arguments));
        Path stderr = dir.resolve(name + ".stderr");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).redirectOutput(out.toFile()).start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "replay finished within 180 s");
        return new Run(process.exitValue(), out, Files.readString(stderr));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
