package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.OfficialGtfsRealtime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bus-occupancy pipelines counting buses with the same ids (two simulated fleets, both bus-1 to bus-3), with
 * 60 and 80 seats, from the shipped jar: every per-bus series names its pipeline, so neither overwrites the other —
 * in /metrics, /api/status, the page, {@code rivulet status}, the GTFS-Realtime feed and the summaries upstream.
 * Before, one series per bus id showed whichever pipeline ran last, and the outbox took the second pipeline's
 * summary for a repeat of the first.
 */
class TwoPipelinesIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");
    private static final List<String> BUSES = List.of("bus-1", "bus-2", "bus-3");

    @TempDir
    Path dir;

    @Test
    void busesWithTheSameIdsInTwoPipelinesAreTwoSeriesEverywhere() throws Exception {
        try (Mosquitto central = new Mosquitto("central", dir.resolve("central"), dir.resolve("central.log"));
             UpstreamCollector upstream = new UpstreamCollector(central.url(), "fleet-summaries", "rivulet/depot/#",
                     dir.resolve("collector.log"))) {
            int port = GatewayProcess.freePort();
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: depot}
                    batch: {interval: 500ms}
                    storage: {directory: '%s'}
                    status: {address: 127.0.0.1, port: %d}
                    brokers:
                      central: {url: '%s', client-id: rivulet-two-pipelines}
                    sources:
                      front-doors: {type: simulator, buses: 3, seed: 1, speed: 60}
                      rear-doors: {type: simulator, buses: 3, seed: 2, speed: 60}
                    pipelines:
                      front: {type: bus-occupancy, source: front-doors, boardings: boardings, alightings: alightings, capacity: 60}
                      rear: {type: bus-occupancy, source: rear-doors, boardings: boardings, alightings: alightings, capacity: 80}
                    upstream: {broker: central, period: 1s}
                    """.formatted(dir.resolve("state"), port, central.url()));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            String base = "http://127.0.0.1:" + port;
            try {
                gateway.start("two pipelines");
                await("every bus of both pipelines in /metrics", () -> {
                    String metrics = GatewayProcess.get(base + "/metrics");
                    return BUSES.stream().allMatch(bus -> metrics.contains("rivulet_bus_load_ratio{pipeline=\"front\",bus=\"" + bus + "\"}")
                            && metrics.contains("rivulet_bus_load_ratio{pipeline=\"rear\",bus=\"" + bus + "\"}"));
                });

                String status = GatewayProcess.get(base + "/api/status");
                for (String bus : BUSES) {
                    assertTrue(status.contains("{\"id\":\"" + bus + "\",") , status);
                    assertTrue(Pattern.compile("\"id\":\"" + bus + "\",[^}]*\"capacity\":60,[^}]*\"pipeline\":\"front\"")
                            .matcher(status).find(), bus + " of front, with its 60 seats, in /api/status:\n" + status);
                    assertTrue(Pattern.compile("\"id\":\"" + bus + "\",[^}]*\"capacity\":80,[^}]*\"pipeline\":\"rear\"")
                            .matcher(status).find(), bus + " of rear, with its 80 seats, in /api/status:\n" + status);
                }

                Set<String> entities = new TreeSet<>();
                try (InputStream feed = URI.create(base + "/gtfs-rt/vehicle-positions").toURL().openStream()) {
                    for (OfficialGtfsRealtime.Entity entity : OfficialGtfsRealtime.parse(feed.readAllBytes()).entities()) {
                        entities.add(entity.id());
                        assertTrue(entity.id().endsWith("/" + entity.vehicleId()), entity.id());
                    }
                }
                Set<String> expected = new TreeSet<>();
                BUSES.forEach(bus -> expected.addAll(List.of("front/" + bus, "rear/" + bus)));
                assertEquals(expected, entities, "one GTFS-Realtime entity per pipeline and bus");

                HostTools.Result cli = HostTools.run(dir, List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-jar", JAR.toString(), "status", "--url", base));
                assertTrue(cli.output().contains("  pipeline front:\n") && cli.output().contains("  pipeline rear:\n"),
                        "rivulet status shows a section per pipeline:\n" + cli.output());

                HostTools.Result page = HostTools.chromiumDom(dir, base + "/?interval=300", 3_000);
                for (String bus : BUSES) {
                    for (String pipeline : List.of("front", "rear")) {
                        assertTrue(page.output().contains("<tr data-bus=\"" + bus + "\" data-pipeline=\"" + pipeline + "\">"),
                                bus + " of " + pipeline + " in the page's table:\n" + page.output());
                    }
                }
                assertTrue(page.output().contains("<tr class=\"pipeline\" data-pipeline=\"rear\">"), page.output());

                await("a summary of each pipeline for one period", () -> !commonPeriods(upstream).isEmpty());
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }
        }
    }

    /** The periods both pipelines' summaries arrived for, each with its own id and pipeline field. */
    private static Set<Long> commonPeriods(UpstreamCollector upstream) {
        Set<Long> front = new TreeSet<>();
        Set<Long> rear = new TreeSet<>();
        Pattern id = Pattern.compile("summary/depot/(front|rear)/(\\d+)");
        for (UpstreamCollector.Message message : upstream.received()) {
            Matcher matcher = message.id() == null ? null : id.matcher(message.id());
            if (matcher != null && matcher.matches()) {
                assertTrue(message.payload().contains("\"pipeline\":\"" + matcher.group(1) + "\""), message.payload());
                (matcher.group(1).equals("front") ? front : rear).add(Long.parseLong(matcher.group(2)));
            }
        }
        List<Long> both = new ArrayList<>(front);
        both.retainAll(rear);
        return new TreeSet<>(both);
    }
}
