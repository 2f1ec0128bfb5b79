package dev.rivulet.fleet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import dev.rivulet.fleet.connect.MqttSourceConnector;
import dev.rivulet.fleet.connect.MqttSourceTask;
import dev.rivulet.fleet.job.FleetJob;
import dev.rivulet.fleet.job.FleetJobSettings;
import dev.rivulet.fleet.testing.Await;
import dev.rivulet.fleet.testing.ConnectWorker;
import dev.rivulet.fleet.testing.GatewayProcess;
import dev.rivulet.fleet.testing.KafkaBroker;
import dev.rivulet.fleet.testing.KafkaRecords;
import dev.rivulet.fleet.testing.LocalSpark;
import dev.rivulet.fleet.testing.Mosquitto;
import dev.rivulet.fleet.testing.UpstreamRecorder;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole fleet on one machine: three gateways (the shipped jar, simulated buses) publish to Debian's mosquitto;
 * the connector in a standalone Connect worker moves their messages into a KRaft Kafka broker; the job in
 * {@code local[2]} keeps the fleet's view. Meanwhile a gateway is killed with SIGKILL and restarted, the Spark query
 * is stopped and restarted from its checkpoint, and the Connect worker is stopped and restarted. At the end the
 * view equals what the gateways published (recorded by a subscriber of its own, once each gateway's status page
 * shows its outbox drained): every bus's every period once, the same totals (per bus, and per stop from every
 * gateway), each bus's latest occupancy, and the GTFS-Realtime file lists every bus the gateways' status pages list.
 */
class FleetEndToEndIT {

    private static final List<String> TOPICS = List.of("rivulet.summaries", "rivulet.alerts", "rivulet.outbox-dropped");
    private static final int BUSES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    /** A bus of a gateway, the fleet's key for a vehicle. */
    record Vehicle(String gateway, String bus) implements Comparable<Vehicle> {
        @Override
        public int compareTo(Vehicle o) {
            return (gateway + "/" + bus).compareTo(o.gateway + "/" + o.bus);
        }
    }

    @Test
    void theFleetViewEqualsWhatTheGatewaysSentThroughKillsAndRestarts() throws Exception {
        Path feedFile = directory.resolve("www/vehicle-positions.pb");
        String output = directory.resolve("fleet").toString();
        List<GatewayProcess> gateways = new ArrayList<>();
        SparkSession spark = null;
        try (Mosquitto central = new Mosquitto(directory.resolve("mosquitto"));
             KafkaBroker kafka = new KafkaBroker(directory.resolve("kafka"));
             UpstreamRecorder recorder = new UpstreamRecorder(central.url());
             ConnectWorker worker = new ConnectWorker(kafka.bootstrapServers(), directory.resolve("connect"))) {
            kafka.createTopics(3, TOPICS);
            Map<String, String> connector = Map.of("connector.class", MqttSourceConnector.class.getName(),
                    "tasks.max", "2", "mqtt.broker", central.url());
            worker.start("fleet-mqtt", connector);
            spark = LocalSpark.start(directory);
            FleetJobSettings settings = FleetJobSettings.parse("--kafka", kafka.bootstrapServers(), "--output", output,
                    "--checkpoint", directory.resolve("checkpoint").toString(), "--vehicle-positions", feedFile.toString(),
                    "--trigger", "2s");
            StreamingQuery query = FleetJob.start(spark, settings, Trigger.ProcessingTime(settings.trigger().toMillis()));

            for (int g = 1; g <= 3; g++) {
                GatewayProcess gateway = new GatewayProcess("fleet-gw-" + g, directory.resolve("gw-" + g), central.url(),
                        BUSES, g, "2s");
                gateway.start("life 1");
                gateways.add(gateway);
            }
            awaitSummaries(recorder, gateways, 3, "every gateway's first summaries");

            GatewayProcess killed = gateways.get(1);
            killed.kill();
            killed.start("life 2, after SIGKILL");

            query.stop();
            query = FleetJob.start(spark, settings, Trigger.ProcessingTime(settings.trigger().toMillis()));

            worker.stop();
            awaitSummaries(recorder, gateways, 2, "summaries published while the Connect worker is down");
            worker.start("fleet-mqtt", connector);
            awaitSummaries(recorder, gateways, 3, "summaries after the restarts");

            // Each gateway's own account: its outbox drained (what it made went up), and the buses it knows.
            for (GatewayProcess gateway : gateways) {
                Await.until(() -> outboxDepth(gateway) == 0, Duration.ofSeconds(60),
                        () -> gateway.id() + "'s outbox to drain: see " + gateway.log());
            }
            Map<String, Set<String>> statusBuses = new TreeMap<>();
            for (GatewayProcess gateway : gateways) {
                String status = gateway.status();
                assertTrue(status != null, gateway.id() + " answers no status: see " + gateway.log());
                Set<String> buses = new TreeSet<>();
                JSON.readTree(status).get("buses").forEach(b -> buses.add(b.get("id").asText()));
                statusBuses.put(gateway.id(), buses);
                assertTrue(gateway.terminate(), gateway.id() + " did not stop on SIGTERM: see " + gateway.log());
            }

            Map<String, String> truth = recorder.summaries();
            try (KafkaRecords inKafka = new KafkaRecords(kafka.bootstrapServers(), List.of("rivulet.summaries"))) {
                inKafka.readUntil(records -> ids(records).containsAll(truth.keySet()), Duration.ofSeconds(90));
            }
            query.processAllAvailable();
            query.stop();

            Dataset<Row> periods = spark.read().parquet(output + "/bus_periods");
            Map<Vehicle, Map<Long, JsonNode>> expected = periodsOf(truth);
            Set<String> expectedRows = new TreeSet<>();
            expected.forEach((v, byEnd) -> byEnd.keySet().forEach(end -> expectedRows.add(v.gateway + " " + v.bus + " " + end)));
            List<String> rows = periods.collectAsList().stream().map(r -> r.getAs("gateway") + " " + r.getAs("bus") + " "
                    + ((java.sql.Timestamp) r.getAs("periodEnd")).getTime()).sorted().toList();
            assertEquals(List.copyOf(expectedRows), rows, "every bus's every period exactly once");

            Map<Vehicle, Long> boardings = new TreeMap<>();
            Map<Vehicle, Long> alightings = new TreeMap<>();
            for (Row r : periods.collectAsList()) {
                Vehicle v = new Vehicle(r.getAs("gateway"), r.getAs("bus"));
                boardings.merge(v, r.<Long>getAs("boardings"), Long::sum);
                alightings.merge(v, r.<Long>getAs("alightings"), Long::sum);
            }
            assertEquals(sum(expected, "boardings"), boardings, "boardings per bus");
            assertEquals(sum(expected, "alightings"), alightings, "alightings per bus");

            Map<String, List<Long>> expectedStops = new TreeMap<>();
            for (String summary : truth.values()) {
                for (JsonNode stop : JSON.readTree(summary).get("stops")) {
                    expectedStops.merge(stop.get("stop").asText(), List.of(stop.get("boardings").asLong(),
                            stop.get("alightings").asLong(), 1L), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1),
                            a.get(2) + b.get(2)));
                }
            }
            assertTrue(!expectedStops.isEmpty(), "the simulated buses name their stops");
            Map<String, List<Long>> stops = new TreeMap<>();
            for (Row r : spark.read().parquet(currentView(output, "stop_hours")).collectAsList()) {
                stops.merge(r.getAs("stop"), List.of(r.<Long>getAs("boardings"), r.<Long>getAs("alightings"),
                        r.<Long>getAs("summaries")), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2)));
            }
            assertEquals(expectedStops, stops, "per stop, from every gateway: boardings, alightings, summaries once each");

            Dataset<Row> buses = spark.read().parquet(currentView(output, "buses"));
            Map<Vehicle, Long> occupancy = new TreeMap<>();
            buses.collectAsList().forEach(r -> occupancy.put(new Vehicle(r.getAs("gateway"), r.getAs("bus")), r.getAs("occupancy")));
            Map<Vehicle, Long> lastOccupancy = new TreeMap<>();
            expected.forEach((v, byEnd) -> lastOccupancy.put(v, ((TreeMap<Long, JsonNode>) byEnd).lastEntry().getValue()
                    .get("occupancy").asLong()));
            assertEquals(lastOccupancy, occupancy, "each bus's occupancy in its latest period");

            FeedMessage feed;
            try (InputStream in = Files.newInputStream(feedFile)) {
                feed = FeedMessage.parseFrom(in);
            }
            Map<String, Set<String>> inFeed = new TreeMap<>();
            for (FeedEntity e : feed.getEntityList()) {
                inFeed.computeIfAbsent(e.getVehicle().getVehicle().getLabel(), k -> new TreeSet<>()).add(e.getVehicle().getVehicle().getId());
                assertTrue(e.getVehicle().hasOccupancyStatus(), e.toString());
            }
            assertEquals(statusBuses, inFeed, "the feed lists every bus of every gateway's status");
        } finally {
            for (GatewayProcess gateway : gateways) {
                gateway.destroy();
            }
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** The gateway's outbox depth from its status page; -1 while it does not answer. */
    private static long outboxDepth(GatewayProcess gateway) {
        String status = gateway.status();
        try {
            return status == null ? -1 : JSON.readTree(status).get("metrics").get("outboxDepth").asLong();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Waits until each gateway has published {@code more} summaries more than it had. */
    private static void awaitSummaries(UpstreamRecorder recorder, List<GatewayProcess> gateways, int more, String what) {
        Map<String, Long> before = perGateway(recorder.summaries());
        Await.until(() -> gateways.stream().allMatch(g -> perGateway(recorder.summaries()).getOrDefault(g.id(), 0L)
                >= before.getOrDefault(g.id(), 0L) + more), Duration.ofSeconds(90),
                () -> what + ": summaries so far " + perGateway(recorder.summaries()));
    }

    private static Map<String, Long> perGateway(Map<String, String> summaries) {
        return summaries.keySet().stream().collect(Collectors.groupingBy(id -> id.split("/")[1], Collectors.counting()));
    }

    /** Per bus, its periods by end time, from the recorded summaries. */
    private static Map<Vehicle, Map<Long, JsonNode>> periodsOf(Map<String, String> summaries) throws Exception {
        Map<Vehicle, Map<Long, JsonNode>> periods = new TreeMap<>();
        for (String json : summaries.values()) {
            JsonNode summary = JSON.readTree(json);
            for (JsonNode bus : summary.get("buses")) {
                periods.computeIfAbsent(new Vehicle(summary.get("gateway").asText(), bus.get("bus").asText()), v -> new TreeMap<>())
                        .put(summary.get("periodEnd").asLong(), bus);
            }
        }
        return periods;
    }

    private static Map<Vehicle, Long> sum(Map<Vehicle, Map<Long, JsonNode>> periods, String field) {
        Map<Vehicle, Long> sums = new TreeMap<>();
        periods.forEach((v, byEnd) -> sums.put(v, byEnd.values().stream().mapToLong(b -> b.get(field).asLong()).sum()));
        return sums;
    }

    private static Set<String> ids(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> records) {
        Set<String> ids = new java.util.HashSet<>();
        for (var record : records) {
            Header id = record.headers().lastHeader(MqttSourceTask.ID_HEADER);
            if (id != null) {
                ids.add(new String(id.value(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /** The newest complete version of a view (the highest v-N holding _SUCCESS). */
    private static String currentView(String output, String view) throws Exception {
        try (var versions = Files.list(Path.of(output, "views", view))) {
            return versions.filter(p -> Files.exists(p.resolve("_SUCCESS")))
                    .max((a, b) -> Long.compare(version(a), version(b))).orElseThrow().toString();
        }
    }

    private static long version(Path p) {
        return Long.parseLong(p.getFileName().toString().substring(2));
    }
}
