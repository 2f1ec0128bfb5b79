package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.storage.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bus-occupancy pipeline's summaries carry the boardings and alightings per stop in their period: the simulated
 * fleet names a stop in every reading, so in each summary the stops add up to what the buses do, and the stops come
 * sorted, none without a count.
 */
class SummaryStopsTest {

    private static final Pattern STOPS = Pattern.compile("\"stops\":\\[(.*?)]");
    private static final Pattern STOP = Pattern.compile("\\{\"stop\":\"([^\"]+)\",\"boardings\":(\\d+),\"alightings\":(\\d+)}");

    @TempDir
    Path state;

    private final ManualTime time = new ManualTime(Duration.ofMillis(100), 1);

    @Test
    void eachSummaryCountsThePeriodsBoardingsAndAlightingsPerStop() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                gateway: {id: depot}
                batch: {interval: 100ms}
                storage: {directory: '%s'}
                status: {port: 0}
                sources:
                  fleet: {type: simulator, buses: 6, speed: 600}
                brokers:
                  nowhere: {url: 'tcp://127.0.0.1:1'}
                pipelines:
                  occupancy: {type: bus-occupancy, source: fleet, boardings: boardings, alightings: alightings}
                upstream: {broker: nowhere, period: 500ms, retry-max: 1s}
                """.formatted(state), "depot.yaml");
        List<OutboxMessage> summaries;
        try (Gateway gateway = Gateway.start(config, output -> {
            throw new AssertionError("no pins");
        }, time.clock())) {
            time.until("ten summaries in the outbox", () -> gateway.store().outbox().depth() >= 10);
            summaries = gateway.store().outbox().pending(100).stream()
                    .filter(message -> message.topic().endsWith("/summary")).toList();
        }
        long stopsSeen = 0;
        for (OutboxMessage message : summaries) {
            String payload = new String(message.payload(), StandardCharsets.UTF_8);
            UpstreamSummaries buses = UpstreamSummaries.of(List.of(new UpstreamCollector.Message(message.topic(), payload,
                    false)), 500);
            assertEquals(List.of(), buses.malformed());
            Matcher array = STOPS.matcher(payload);
            assertTrue(array.find(), "a stops array: " + payload);
            Matcher stop = STOP.matcher(array.group(1));
            List<String> ids = new ArrayList<>();
            long boardings = 0;
            long alightings = 0;
            while (stop.find()) {
                ids.add(stop.group(1));
                long in = Long.parseLong(stop.group(2));
                long out = Long.parseLong(stop.group(3));
                assertTrue(in + out > 0, "a stop without a count: " + stop.group());
                boardings += in;
                alightings += out;
            }
            assertEquals(ids.stream().sorted().distinct().toList(), ids, "stops sorted, each once: " + payload);
            assertEquals(buses.boardings().values().stream().mapToLong(Long::longValue).sum(), boardings, payload);
            assertEquals(buses.alightings().values().stream().mapToLong(Long::longValue).sum(), alightings, payload);
            stopsSeen += ids.size();
        }
        assertTrue(summaries.size() >= 8 && stopsSeen > 0, summaries.size() + " summaries, " + stopsSeen + " stops");
    }
}
