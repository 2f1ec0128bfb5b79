package dev.rivulet.gateway;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ops.HostTools;
import dev.rivulet.status.GtfsRealtimeRules;
import dev.rivulet.status.OfficialGtfsRealtime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped jar's {@code /gtfs-rt/vehicle-positions} as a consumer reads it, with door counters publishing through
 * a real mosquitto readings that carry GTFS trip labels: parsed with the official bindings and held to the
 * specification's rules; percentages against seats + standing in the default step; the trip from the labels; a bus
 * whose counter misreports (a sensor-fault alert open) and, later, every silent bus NO_DATA_AVAILABLE without a
 * percentage; the summary upstream with the same percentage and trip.
 */
class GtfsRealtimeFeedIT {

    private static final Path JAR = HostTools.repositoryRoot().resolve("app/target/rivulet.jar");

    @TempDir
    Path dir;

    @Test
    void theFeedFollowsTheSpecificationWithTripLabels() throws Exception {
        try (Mosquitto local = new Mosquitto("local", dir.resolve("local"), dir.resolve("local.log"));
             Mosquitto central = new Mosquitto("central", dir.resolve("central"), dir.resolve("central.log"));
             UpstreamCollector upstream = new UpstreamCollector(central.url(), "gtfs-summaries", "rivulet/depot/#",
                     dir.resolve("collector.log"))) {
            int port = GatewayProcess.freePort();
            Path config = Files.writeString(dir.resolve("rivulet.yaml"), """
                    gateway: {id: depot}
                    batch: {interval: 500ms}
                    storage: {directory: '%s'}
                    status: {address: 127.0.0.1, port: %d}
                    brokers:
                      local: {url: '%s', client-id: rivulet-gtfs}
                      central: {url: '%s', client-id: rivulet-gtfs-upstream}
                    sources:
                      doors:
                        type: mqtt
                        broker: local
                        topics: [buses/+/door]
                        decoder: {format: json, key-from-topic: buses/+/door, fields: [in, out],
                                  labels: [stop, trip_id, route_id, direction_id, start_date]}
                    pipelines:
                      occupancy:
                        type: bus-occupancy
                        source: doors
                        capacity: 40
                        standing-capacity: 20
                        stale-after: 15s
                    alerts:
                      counters: {type: sensor-fault, pipeline: occupancy, high: 30%%, low: 10%%, consecutive: 1}
                    upstream: {broker: central, period: 1s}
                    """.formatted(dir.resolve("state"), port, local.url(), central.url()));
            GatewayProcess gateway = new GatewayProcess(JAR, config, dir.resolve("gateway.log"));
            String base = "http://127.0.0.1:" + port;
            try {
                gateway.start("gtfs feed");
                // Ready: subscribed, so the door counters' messages are not published before anyone listens.
                await("the gateway ready", () -> GatewayProcess.get(base + "/health").contains("\"ready\":true"));
                local.publishLines("buses/bus-1/door", List.of("{\"in\":30,\"out\":0,\"stop\":\"S1\",\"trip_id\":\"T-1\","
                        + "\"route_id\":\"R-1\",\"direction_id\":\"1\",\"start_date\":\"20251121\"}"));
                local.publishLines("buses/bus-2/door", List.of("{\"in\":10,\"out\":0,\"stop\":\"S4\",\"route_id\":\"R-2\"}"));
                local.publishLines("buses/bus-3/door", List.of("{\"in\":5,\"out\":0,\"stop\":\"S9\"}",
                        "{\"in\":-4,\"out\":0}", "{\"in\":-4,\"out\":0}", "{\"in\":-4,\"out\":0}", "{\"in\":-4,\"out\":0}",
                        "{\"in\":-4,\"out\":0}"));

                await(() -> {
                    Map<String, OfficialGtfsRealtime.Entity> feed = entities(fetch(base));
                    return feed.size() == 3 && feed.get("bus-3").occupancyStatus().equals("NO_DATA_AVAILABLE");
                }, Duration.ofSeconds(60), () -> "bus-3's misreporting counter makes it NO_DATA_AVAILABLE: "
                        + textOf(fetch(base)) + "\n" + GatewayProcess.get(base + "/api/status") + "\n" + logOf(dir.resolve("gateway.log")));
                OfficialGtfsRealtime feed = fetch(base);
                long fetchedAt = System.currentTimeMillis() / 1000;
                assertEquals(List.of(), GtfsRealtimeRules.broken(feed, 2, fetchedAt), feed.text());
                Map<String, OfficialGtfsRealtime.Entity> buses = entities(feed);
                OfficialGtfsRealtime.Entity bus1 = buses.get("bus-1");
                assertEquals("occupancy/bus-1", bus1.id());
                assertEquals(50, bus1.occupancyPercentage(), "30 of 40 seats + 20 standing");
                assertEquals("FEW_SEATS_AVAILABLE", bus1.occupancyStatus());
                assertEquals(new OfficialGtfsRealtime.Trip("T-1", "R-1", 1, "20251121", null, null), bus1.trip());
                assertTrue(bus1.timestamp() > 0 && bus1.timestamp() <= feed.timestamp(), feed.text());
                assertEquals(16, buses.get("bus-2").occupancyPercentage(), "10 of 60 is 16.7 %: 16 in steps of 2");
                assertEquals(new OfficialGtfsRealtime.Trip(null, "R-2", -1, null, null, null), buses.get("bus-2").trip());
                assertFalse(buses.get("bus-3").hasOccupancyPercentage(), feed.text());
                assertEquals(null, buses.get("bus-3").trip());

                String metrics = GatewayProcess.get(base + "/metrics");
                assertTrue(metrics.contains("rivulet_bus_occupancy_percentage{pipeline=\"occupancy\",bus=\"bus-1\"} 50"),
                        metrics);
                assertFalse(metrics.contains("rivulet_bus_occupancy_percentage{pipeline=\"occupancy\",bus=\"bus-3\"}"),
                        "no percentage for a bus without data: " + metrics);

                await("a summary with bus-1's trip and percentage", () -> upstream.received().stream().anyMatch(m ->
                        m.payload().contains("\"schema\":\"rivulet.summary/2\"")
                                && m.payload().contains("\"bus\":\"bus-1\"") && m.payload().contains("\"occupancyPercentage\":50")
                                && m.payload().contains("\"trip\":{\"tripId\":\"T-1\",\"routeId\":\"R-1\",\"directionId\":\"1\","
                                + "\"startDate\":\"20251121\"}")));

                await(() -> entities(fetch(base)).values().stream()
                                .allMatch(bus -> bus.occupancyStatus().equals("NO_DATA_AVAILABLE")),
                        Duration.ofSeconds(60), () -> "every bus silent for stale-after (15 s) NO_DATA_AVAILABLE");
                OfficialGtfsRealtime silent = fetch(base);
                assertEquals(List.of(), GtfsRealtimeRules.broken(silent, 2, System.currentTimeMillis() / 1000), silent.text());
                assertEquals(bus1.timestamp(), entities(silent).get("bus-1").timestamp(),
                        "a silent bus keeps the time its count was measured: " + silent.text());
                assertTrue(gateway.terminate("the end"));
            } finally {
                gateway.destroy();
            }
        }
    }

    private static Map<String, OfficialGtfsRealtime.Entity> entities(OfficialGtfsRealtime feed) {
        return feed == null ? Map.of() : feed.entities().stream()
                .collect(Collectors.toMap(OfficialGtfsRealtime.Entity::vehicleId, Function.identity()));
    }

    private static OfficialGtfsRealtime fetch(String base) {
        try (InputStream in = URI.create(base + "/gtfs-rt/vehicle-positions").toURL().openStream()) {
            return OfficialGtfsRealtime.parse(in.readAllBytes());
        } catch (IOException | ReflectiveOperationException e) {
            return null;
        }
    }

    private static String textOf(OfficialGtfsRealtime feed) {
        return feed == null ? "no feed" : feed.text();
    }

    private static String logOf(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "no log: " + e;
        }
    }
}
