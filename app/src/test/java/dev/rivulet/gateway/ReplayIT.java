package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.rivulet.ops.HostTools;
import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivulet replay} as an operator runs it: the shipped jar, the gateway's own configuration (MQTT source,
 * bus-occupancy pipeline, a capacity alert to an MQTT output, summaries upstream — brokers that are never
 * contacted), and a recording of door counters. What it writes adds up to the recording, batch by batch on the
 * grid of the arrival times, and the same recording gives the same bytes every time.
 */
class ReplayIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    /** 2026-12-01T06:00:00Z: a Tuesday morning. */
    private static final long START = 1_796_104_800_000L;
    private static final long PERIOD = 10_000;
    private static final int READINGS = 6_000;

    @TempDir
    Path dir;

    private DoorCounts doors;
    private Path config;
    private Path recording;

    @BeforeEach
    void recordAMorning() throws IOException {
        // Every reading boards more than alight: by the end each bus carries about a thousand, past the alert.
        doors = DoorCounts.generate(new Random(22), READINGS, 12);
        recording = dir.resolve("doors.jsonl.gz");
        // Six thousand readings over ten minutes, 100 ms apart; the gzip in two members, as an archive appends.
        try (OutputStream file = Files.newOutputStream(recording)) {
            for (int[] half : new int[][] {{0, READINGS / 2}, {READINGS / 2, READINGS}}) {
                GZIPOutputStream gzip = new GZIPOutputStream(file);
                RecordingWriter writer = new RecordingWriter(gzip);
                for (int i = half[0]; i < half[1]; i++) {
                    writer.write(new RecordedMessage(START + 100L * i, "buses/door",
                            doors.readings().get(i).json().getBytes(StandardCharsets.UTF_8)));
                }
                writer.flush();
                gzip.finish();
            }
        }
        config = Files.writeString(dir.resolve("rivulet.yaml"), """
                gateway: {id: replayed}
                batch: {interval: 1s}
                storage: {directory: '%s'}
                status: {port: 0}
                brokers:
                  local: {url: 'tcp://127.0.0.1:1', client-id: replay-local}
                  central: {url: 'tcp://127.0.0.1:1', client-id: replay-central}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/door]
                    decoder: {format: json, key: bus, fields: [in, out], labels: [stop]}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    where: [in >= 0, out >= 0]
                    capacity: 1000
                    window: 10s
                    slide: 1s
                alerts:
                  crowded:
                    type: capacity
                    pipeline: occupancy
                    high: 90%%
                    low: 80%%
                    consecutive: 2
                    outputs: [display, upstream]
                outputs:
                  display: {type: mqtt, broker: local, topic: 'buses/{key}/display'}
                  upstream: {type: upstream}
                upstream:
                  broker: central
                  period: 10s
                """.formatted(dir.resolve("live-state")));
    }

    @Test
    void theReplayAddsUpToTheRecordingAndIsTheSameEveryTime() throws Exception {
        Run first = replay("first.jsonl", recording.toString());
        assertEquals(0, first.exit, first.stderr);
        assertTrue(first.stderr.contains("6,000 messages, 6,000 readings (0 refused"), first.stderr);

        List<UpstreamCollector.Message> upstream = new ArrayList<>();
        int displays = 0;
        for (Map<String, String> line : lines(first.out)) {
            if (line.get("output").equals("upstream")) {
                upstream.add(new UpstreamCollector.Message(line.get("topic"), line.get("payload"), false));
            } else if (line.get("output").equals("mqtt")) {
                assertTrue(line.get("topic").matches("buses/bus-\\d\\d/display"), line.toString());
                displays++;
            }
        }
        UpstreamSummaries summaries = UpstreamSummaries.of(upstream, PERIOD);
        assertEquals(List.of(), summaries.malformed());
        assertEquals(doors.boardings(), summaries.boardings(), "every boarding of the recording, once");
        assertEquals(doors.alightings(), summaries.alightings());
        // Ten minutes of readings from 06:00:00.000 to 06:09:59.900 are the batches of 06:00:01 to 06:10:00,
        // whose summaries are the periods ending 06:00:10 to 06:10:00: sixty, none missing.
        TreeSet<Long> expectedEnds = new TreeSet<>();
        for (long end = START + PERIOD; end <= START + 600_000; end += PERIOD) {
            expectedEnds.add(end);
        }
        assertEquals(expectedEnds, summaries.periodEnds());
        assertEquals(60, summaries.count());
        assertTrue(summaries.alerts() > 0 && displays > 0, "crowded buses raised alerts: " + summaries.alerts());
        assertEquals(summaries.alerts(), displays, "each alert on the display and upstream");

        Run again = replay("again.jsonl", recording.toString());
        assertEquals(0, again.exit, again.stderr);
        assertArrayEquals(Files.readAllBytes(first.out), Files.readAllBytes(again.out), "the same bytes every time");
    }

    @Test
    void aTimeRangeBadLinesAndATopicNoSourceTakesAreSaidAndCounted() throws Exception {
        Path plain = dir.resolve("capture.jsonl");
        Files.writeString(plain, """
                {"time": 1796104800000, "topic": "buses/door", "payload": "{\\"bus\\":\\"b1\\",\\"in\\":3,\\"out\\":0}"}
                a line a tool broke
                {"time": 1796104800500, "topic": "trams/door", "payload": "{}"}
                {"time": 1796104801000, "topic": "buses/door", "payload": "{\\"bus\\":\\"b1\\",\\"in\\":\\"x\\"}"}
                {"time": 1796104809000, "topic": "buses/door", "payload": "{\\"bus\\":\\"b1\\",\\"in\\":2,\\"out\\":1}"}
                {"time": 1796104830000, "topic": "buses/door", "payload": "{\\"bus\\":\\"b1\\",\\"in\\":9,\\"out\\":0}"}
                """);
        Run run = replay("range.jsonl", "--to", "2026-12-01T06:00:20Z", plain.toString());
        assertEquals(0, run.exit, run.stderr);
        assertTrue(run.stderr.contains("capture.jsonl, line 2: not JSON"), run.stderr);
        assertTrue(run.stderr.contains("4 messages, 2 readings (1 refused by the sources, 1 on topics no source takes,"
                + " 1 bad lines, 0 late)"), run.stderr);
        List<UpstreamCollector.Message> upstream = new ArrayList<>();
        for (Map<String, String> line : lines(run.out)) {
            if (line.get("output").equals("upstream")) {
                upstream.add(new UpstreamCollector.Message(line.get("topic"), line.get("payload"), false));
            }
        }
        assertEquals(Map.of("b1", 5L), UpstreamSummaries.of(upstream, PERIOD).boardings(), "the reading after --to is left out");

        Run missing = replay("missing.jsonl", dir.resolve("nope.jsonl").toString());
        assertEquals(1, missing.exit);
        assertTrue(missing.stderr.contains("cannot read the recording"), missing.stderr);
    }

    @Test
    void withPublishWhatItWritesGoesToTheBrokersAndWithoutItNothingDoes() throws Exception {
        try (EmbeddedBroker local = new EmbeddedBroker(); EmbeddedBroker central = new EmbeddedBroker()) {
            Files.writeString(config, Files.readString(config)
                    .replace("local: {url: 'tcp://127.0.0.1:1'", "local: {url: '" + local.url() + "'")
                    .replace("central: {url: 'tcp://127.0.0.1:1'", "central: {url: '" + central.url() + "'"));
            UpstreamCollector displays = new UpstreamCollector(local.url(), "display", "buses/+/display",
                    dir.resolve("display.log"));
            UpstreamCollector fleet = new UpstreamCollector(central.url(), "fleet", "rivulet/replayed/#",
                    dir.resolve("fleet.log"));
            try (displays; fleet) {
                Run quiet = replay("quiet.jsonl", recording.toString());
                assertEquals(0, quiet.exit, quiet.stderr);

                Run published = replay("published.jsonl", "--publish", recording.toString());
                assertEquals(0, published.exit, published.stderr);
                List<String> written = new ArrayList<>();
                List<String> writtenUpstream = new ArrayList<>();
                for (Map<String, String> line : lines(published.out)) {
                    if (line.get("output").equals("mqtt")) {
                        written.add(line.get("topic") + " " + line.get("payload"));
                    } else if (line.get("output").equals("upstream")) {
                        writtenUpstream.add(line.get("topic") + " " + line.get("payload"));
                    }
                }
                assertTrue(published.stderr.contains(String.format("%,d messages published to the brokers and"
                        + " acknowledged", written.size() + writtenUpstream.size())), published.stderr);
                assertArrivals(written, displays);
                assertArrivals(writtenUpstream, fleet);
                // The first replay, run against the same brokers without --publish, sent none of them.
                assertEquals(written.size(), displays.received().size());
                assertEquals(writtenUpstream.size(), fleet.received().size());
            }
        }
    }

    @Test
    void withPublishABrokerThatCannotBeReachedEndsTheReplayWithItsReason() throws Exception {
        Run run = replay("unreachable.jsonl", "--publish", recording.toString());
        assertEquals(1, run.exit, run.stderr);
        assertTrue(run.stderr.contains("rivulet replay: --publish: broker 'central' did not accept the replay's client"
                + " within 15 s"), run.stderr);
        assertTrue(run.stderr.contains("check brokers.central.url"), run.stderr);
    }

    /** Waits (30 s at most) until the collector holds as many messages as were written, then compares them. */
    private static void assertArrivals(List<String> written, UpstreamCollector collector) throws InterruptedException {
        assertTrue(written.size() > 0, "the replay wrote messages for this broker");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (collector.received().size() < written.size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> arrived = new ArrayList<>();
        for (UpstreamCollector.Message message : collector.received()) {
            arrived.add(message.topic() + " " + message.payload());
        }
        assertEquals(new TreeSet<>(written).size(), written.size(), "every message written is a different one");
        assertEquals(new TreeSet<>(written), new TreeSet<>(arrived), "what arrived is what the replay wrote");
    }

    private record Run(int exit, Path out, String stderr) {
    }

    private Run replay(String outName, String... arguments) throws IOException, InterruptedException {
        Path out = dir.resolve(outName);
        List<String> command = new ArrayList<>(List.of(HostTools.java(), "-Xmx64m", "-jar", JAR.toString(), "replay",
                "--config", config.toString(), "--out", out.toString()));
        command.addAll(List.of(arguments));
        Path stderr = dir.resolve(outName + ".stderr");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "replay finished within 120 s");
        return new Run(process.exitValue(), out, Files.readString(stderr));
    }

    /** Each line's string and number members, as text. */
    private static List<Map<String, String>> lines(Path file) throws IOException {
        List<Map<String, String>> lines = new ArrayList<>();
        JsonFactory json = new JsonFactory();
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Map<String, String> line = new HashMap<>();
            try (JsonParser parser = json.createParser(text)) {
                assertEquals(JsonToken.START_OBJECT, parser.nextToken(), text);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    line.put(name, parser.getText());
                }
            }
            lines.add(line);
        }
        return lines;
    }
}
