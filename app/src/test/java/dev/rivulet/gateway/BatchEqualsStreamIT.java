package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rivulet.ops.HostTools;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingException;
import dev.rivulet.sensors.recording.RecordingReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch equals stream: the shipped jar runs live against real mosquitto brokers, door counters publishing at QoS 1,
 * summaries and alerts going upstream to a central broker, its input archive on ({@code storage.archive}), and is
 * killed with SIGKILL three times while readings arrive. Then {@code rivulet replay} runs the same configuration
 * over the gateway's own archive directory. Every summary and alert the central broker received is written by the
 * replay with the same id and the same values (the {@code health} part of a summary is each process's own, by
 * design), and the replay writes nothing the gateway did not send. The live run goes on past the last reading until
 * checkpoints have pruned, and so archived, every reading; the replay runs on as far ({@code --until}). Summaries
 * before the first reading's period count no reading, and are outside the replay's span.
 */
class BatchEqualsStreamIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final String GATEWAY_ID = "eq";
    private static final String DOOR_TOPIC = "buses/door";
    private static final long PERIOD = 2_000;
    private static final int READINGS = 2_400;
    private static final int LIVES = 4;
    private static final Pattern READY = Pattern.compile("(?m)^rivulet_ready (\\S+)$");
    private static final Pattern ARCHIVE_BYTES = Pattern.compile("(?m)^rivulet_archive_bytes (\\S+)$");
    private static final Pattern HEALTH = Pattern.compile(",\"health\":\\{[^{}]*}");
    private static final Pattern PERIOD_END = Pattern.compile("\"periodEnd\":(\\d+)");
    private static final Pattern BATCH_TIME = Pattern.compile("\"batchTime\":(\\d+)");
    private static final Pattern BOARDINGS = Pattern.compile("\"boardings\":(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aReplayOfTheGatewaysOwnArchiveSendsWhatTheGatewaySentAcrossKills() throws Exception {
        Path mosquittoPub = HostTools.require("mosquitto_pub");
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: build it first (mvn package; verify does)");
        DoorCounts doors = DoorCounts.generate(new Random(22), READINGS, 6);
        long capacity = doors.occupancy().values().stream().mapToLong(Long::longValue).min().orElseThrow();
        Path state = dir.resolve("state");
        try (Mosquitto local = new Mosquitto("local", dir.resolve("local"), dir.resolve("local.log"));
             Mosquitto central = new Mosquitto("central", dir.resolve("central"), dir.resolve("central.log"));
             UpstreamCollector upstream = new UpstreamCollector(central.url(), "eq-collector",
                     "rivulet/" + GATEWAY_ID + "/#", dir.resolve("collector.log"))) {
            int port = freePort();
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: %s}
                    batch: {interval: 500ms}
                    storage:
                      directory: '%s'
                      archive: {enabled: true}
                    status: {address: 127.0.0.1, port: %d}
                    logging: {level: info, levels: {org.eclipse.paho: warn}}
                    brokers:
                      local: {url: '%s', client-id: rivulet-eq-local}
                      central: {url: '%s', client-id: rivulet-eq-central}
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
                        where: [in >= 0, out >= 0]
                        capacity: %d
                        window: 10s
                        slide: 2s
                    alerts:
                      near-capacity:
                        type: capacity
                        pipeline: occupancy
                        high: 90%%
                        low: 80%%
                        consecutive: 2
                        outputs: [upstream]
                    outputs:
                      upstream: {type: upstream}
                    upstream:
                      broker: central
                      period: %dms
                      retry-max: 2s
                    """.formatted(GATEWAY_ID, state, port, local.url(), central.url(), DOOR_TOPIC, capacity, PERIOD));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            List<List<DoorCounts.Door>> chunks = doors.chunks(READINGS / LIVES);
            try {
                for (int life = 0; life < LIVES; life++) {
                    gateway.start("life " + life);
                    if (life == 0) {
                        // A first start has no broker session yet: what is published before it subscribed is not for it.
                        await("the gateway ready", () -> MetricsScrape.value(metrics, READY, 0) == 1);
                    }
                    // In three parts a summary period or more apart: readings spread over many periods and batches.
                    for (List<DoorCounts.Door> part : partsOf(chunks.get(life), 3)) {
                        int before = upstream.received().size();
                        publish(mosquittoPub, local, part);
                        await("a summary upstream after a part", () -> upstream.received().size() > before);
                    }
                    if (life < LIVES - 1) {
                        int before = upstream.received().size();
                        await("more messages upstream in life " + life, () -> upstream.received().size() > before + 1);
                        gateway.kill("life " + life);
                    }
                }
                await("every reading counted in the summaries upstream", () ->
                        UpstreamSummaries.of(upstream.received(), PERIOD).boardings().equals(doors.boardings()));
                await("every reading pruned into the archive", () -> archivedSequences(state.resolve("archive")) == READINGS);
                assertTrue(MetricsScrape.value(metrics, ARCHIVE_BYTES, 0) > 0, "/metrics shows the archive's bytes");
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }

            Map<String, String> live = byId(upstream.received());
            // The gateway ran on past the last reading: so does the replay, to the last period the gateway sent.
            long liveEnd = live.values().stream().mapToLong(BatchEqualsStreamIT::periodEnd).max().orElseThrow();
            Path out = dir.resolve("replayed.jsonl");
            Path stderr = dir.resolve("replay.stderr");
            Process replay = new ProcessBuilder(HostTools.java(), "-Xmx64m", "-jar", JAR.toString(), "replay",
                    "--config", config.toString(), "--out", out.toString(), "--until", Long.toString(liveEnd),
                    state.resolve("archive").toString())
                    .redirectError(stderr.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(replay.waitFor(120, TimeUnit.SECONDS), "replay finished within 120 s");
            assertEquals(0, replay.exitValue(), Files.readString(stderr));
            assertTrue(Files.readString(stderr).contains(String.format("%,d messages, %,d readings (0 refused", READINGS,
                    READINGS)), Files.readString(stderr));

            Map<String, String> replayed = byId(replayedUpstream(out));
            long firstEnd = replayed.values().stream().mapToLong(BatchEqualsStreamIT::periodEnd).filter(end -> end > 0)
                    .min().orElseThrow();
            assertEquals(liveEnd, replayed.values().stream().mapToLong(BatchEqualsStreamIT::periodEnd).max().orElseThrow());
            Map<String, String> liveInSpan = new TreeMap<>();
            live.forEach((id, payload) -> {
                long end = periodEnd(payload);
                if (end >= firstEnd || (end == 0 && batchTime(payload) <= liveEnd)) {
                    liveInSpan.put(id, payload);
                } else if (end > 0) {
                    assertEquals(0, boardings(payload), "a summary before the replay's first counts no reading: " + payload);
                }
            });
            assertTrue(liveInSpan.keySet().stream().anyMatch(id -> id.startsWith("near-capacity/")), "alerts were raised");
            assertEquals(liveInSpan.keySet(), replayed.keySet(), "the same summaries and alerts, nothing else");
            liveInSpan.forEach((id, payload) -> assertEquals(payload, replayed.get(id), id + ": the same values"));
            assertTrue(liveInSpan.size() >= 15, "at least fifteen messages compared: " + liveInSpan.size());
        }
    }

    private static List<List<DoorCounts.Door>> partsOf(List<DoorCounts.Door> chunk, int parts) {
        List<List<DoorCounts.Door>> split = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            split.add(chunk.subList(i * chunk.size() / parts, (i + 1) * chunk.size() / parts));
        }
        return split;
    }

    /** One {@code mosquitto_pub -q 1 -l}: returns once the local broker acknowledged every reading. */
    private void publish(Path mosquittoPub, Mosquitto local, List<DoorCounts.Door> chunk) throws Exception {
        Path log = dir.resolve("mosquitto_pub.log");
        Process pub = new ProcessBuilder(mosquittoPub.toString(), "-h", "127.0.0.1", "-p", Integer.toString(local.port()),
                "-q", "1", "-t", DOOR_TOPIC, "-l")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (OutputStream in = pub.getOutputStream()) {
            for (DoorCounts.Door door : chunk) {
                in.write((door.json() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(pub.waitFor(60, TimeUnit.SECONDS), "mosquitto_pub published within 60 s: see " + log);
        assertEquals(0, pub.exitValue(), "mosquitto_pub failed: see " + log);
    }

    /** Distinct log sequences in the archive's whole members (the one being appended may be cut short). */
    private static long archivedSequences(Path archive) {
        Set<Long> sequences = new HashSet<>();
        try (var listing = Files.list(archive)) {
            for (Path file : listing.filter(f -> f.toString().endsWith(".jsonl.gz")).sorted().toList()) {
                try (RecordingReader reader = RecordingReader.open(file)) {
                    for (RecordedMessage message = reader.next(); message != null; message = reader.next()) {
                        sequences.add(message.sequence());
                    }
                } catch (EOFException | RecordingException e) {
                    // Appended while we read: the next look sees it whole.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sequences.size();
    }

    /**
     * Each message by its id, without a summary's {@code health} part; every copy of an id (a message sent again
     * after a kill) must be the same otherwise.
     */
    private static Map<String, String> byId(List<UpstreamCollector.Message> messages) {
        Map<String, String> byId = new TreeMap<>();
        for (UpstreamCollector.Message message : messages) {
            String id = message.id();
            assertTrue(id != null, "a message without an id: " + message.payload());
            String values = HEALTH.matcher(message.payload()).replaceFirst("");
            String before = byId.putIfAbsent(id, values);
            assertTrue(before == null || before.equals(values), id + " was " + before + ", then " + values);
        }
        return byId;
    }

    /** What the replay would have sent upstream. */
    private static List<UpstreamCollector.Message> replayedUpstream(Path out) throws IOException {
        List<UpstreamCollector.Message> messages = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            String output = null;
            String topic = null;
            String payload = null;
            try (JsonParser parser = json.createParser(line)) {
                assertEquals(JsonToken.START_OBJECT, parser.nextToken(), line);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    switch (name) {
                        case "output" -> output = parser.getText();
                        case "topic" -> topic = parser.getText();
                        case "payload" -> payload = parser.getText();
                        default -> parser.skipChildren();
                    }
                }
            }
            assertEquals("upstream", output, "the configuration has no other output: " + line);
            messages.add(new UpstreamCollector.Message(topic, payload, false));
        }
        return messages;
    }

    /** A summary's period end; 0 for an alert. */
    private static long periodEnd(String payload) {
        Matcher end = PERIOD_END.matcher(payload);
        if (end.find()) {
            return Long.parseLong(end.group(1));
        }
        assertTrue(BATCH_TIME.matcher(payload).find(), "neither a summary nor an alert: " + payload);
        return 0;
    }

    private static long batchTime(String payload) {
        Matcher time = BATCH_TIME.matcher(payload);
        assertTrue(time.find(), payload);
        return Long.parseLong(time.group(1));
    }

    private static long boardings(String payload) {
        long total = 0;
        Matcher matcher = BOARDINGS.matcher(payload);
        while (matcher.find()) {
            total += Long.parseLong(matcher.group(1));
        }
        return total;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
