package dev.rivulet.fleet.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.transit.realtime.GtfsRealtime.FeedEntity;
import com.google.transit.realtime.GtfsRealtime.FeedMessage;
import dev.rivulet.fleet.testing.KafkaBroker;
import dev.rivulet.fleet.testing.LocalSpark;
import dev.rivulet.fleet.testing.SummaryJson;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in {@code local[2]} on a KRaft broker: three gateways' summaries with repeats, alerts and an outbox
 * report; the query stops and starts again from its checkpoint with more data, one gateway having gone silent.
 * The tables, views and the GTFS-Realtime file equal what was sent, each bus's period counted once.
 */
class FleetJobIT {

    private static final long PERIOD = 60_000;
    private static final long T0 = Instant.parse("2026-12-05T09:30:00Z").toEpochMilli();
    private static final Map<String, String> ROUTE_OF = Map.of("bus-1-a", "R1", "bus-1-b", "R1", "bus-2-a", "R2",
            "bus-2-b", "R2", "bus-3-a", "R3");

    @TempDir
    static Path directory;
    private static KafkaBroker kafka;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        kafka = new KafkaBroker(directory.resolve("kafka"));
        kafka.createTopics(3, List.of("rivulet.summaries", "rivulet.alerts", "rivulet.outbox-dropped"));
        spark = LocalSpark.start(directory);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Boardings of a bus in period n: varied, known. */
    static long boardings(String bus, int n) {
        return (bus.hashCode() & 7) + n % 5;
    }

    static long alightings(String bus, int n) {
        return n % 3;
    }

    private static String summary(int gateway, int n) {
        List<SummaryJson.Bus> buses = new ArrayList<>();
        for (String suffix : List.of("a", "b")) {
            String bus = "bus-" + gateway + "-" + suffix;
            long occupancy = 10L * gateway + n;
            buses.add(new SummaryJson.Bus(bus, occupancy, 40, boardings(bus, n), alightings(bus, n), occupancy / 40.0,
                    occupancy < 20 ? "MANY_SEATS_AVAILABLE" : "FEW_SEATS_AVAILABLE", Math.round(occupancy * 100.0 / 60 / 2) * 2, 1));
        }
        // gw-3 is a gateway from before the stops: its summaries have none.
        List<SummaryJson.Stop> stops = gateway == 3 ? null : List.of(new SummaryJson.Stop(stop(gateway, n),
                buses.stream().mapToLong(SummaryJson.Bus::boardings).sum(), buses.stream().mapToLong(SummaryJson.Bus::alightings).sum()));
        return SummaryJson.summary("gw-" + gateway, T0 + (n - 1) * PERIOD, T0 + n * PERIOD, 0, 100L * n, buses, stops);
    }

    /** The stop gw-{@code gateway}'s buses counted at in period n: the two gateways share stops. */
    static String stop(int gateway, int n) {
        return "S" + (gateway + n) % 3;
    }

    @Test
    void theViewsEqualWhatTheGatewaysSentAcrossARestart() throws Exception {
        Path routes = directory.resolve("routes.csv");
        Files.writeString(routes, "bus,route\n" + ROUTE_OF.entrySet().stream().map(e -> e.getKey() + "," + e.getValue())
                .sorted().collect(Collectors.joining("\n")) + "\n");
        Path feedFile = directory.resolve("www/vehicle-positions.pb");
        FleetJobSettings settings = FleetJobSettings.parse("--kafka", kafka.bootstrapServers(),
                "--output", directory.resolve("fleet").toString(), "--checkpoint", directory.resolve("checkpoint").toString(),
                "--vehicle-positions", feedFile.toString(), "--routes", routes.toString(), "--silent-periods", "3");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int n = 1; n <= 10; n++) {
                for (int gateway = 1; gateway <= 3; gateway++) {
                    producer.send(new ProducerRecord<>("rivulet.summaries", "gw-" + gateway, summary(gateway, n)));
                }
                if (n >= 5 && n <= 7) {
                    // gw-2's resend after a power cut: the same summaries again.
                    producer.send(new ProducerRecord<>("rivulet.summaries", "gw-2", summary(2, n)));
                }
            }
            String alert = SummaryJson.alert("gw-1", "bus-1-a", T0 + 3 * PERIOD, "raised", 0.95);
            producer.send(new ProducerRecord<>("rivulet.alerts", "gw-1", alert));
            producer.send(new ProducerRecord<>("rivulet.alerts", "gw-1", alert));
            producer.send(new ProducerRecord<>("rivulet.outbox-dropped", "gw-3",
                    "{\"type\":\"outbox-dropped\",\"count\":7,\"gateway\":\"gw-3\"}"));
            producer.flush();
            runToEnd(settings);

            // The query is stopped; it starts again from its checkpoint. gw-3 has gone silent; gw-1 resends period 10.
            for (int n = 11; n <= 20; n++) {
                for (int gateway = 1; gateway <= 2; gateway++) {
                    producer.send(new ProducerRecord<>("rivulet.summaries", "gw-" + gateway, summary(gateway, n)));
                }
            }
            producer.send(new ProducerRecord<>("rivulet.summaries", "gw-1", summary(1, 10)));
            producer.send(new ProducerRecord<>("rivulet.alerts", "gw-1", alert));
            producer.flush();
            runToEnd(settings);
        }

        FleetJobSettings newCheckpoint = FleetJobSettings.parse("--kafka", kafka.bootstrapServers(),
                "--output", directory.resolve("fleet").toString(), "--checkpoint", directory.resolve("checkpoint-2").toString(),
                "--vehicle-positions", feedFile.toString());
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FleetJob.start(spark, newCheckpoint, Trigger.AvailableNow()));
        assertTrue(refused.getMessage().contains("Give the checkpoint it was written with, or a new --output"),
                refused.getMessage());

        String output = directory.resolve("fleet").toString();
        Dataset<Row> periods = spark.read().parquet(output + "/bus_periods");
        assertEquals(2 * (3 * 10 + 2 * 10), periods.count(), "one row per bus and period");
        assertEquals(periods.count(), periods.select("bus", "periodEnd").distinct().count(), "no bus period twice");
        Map<String, Long> expectedBoardings = new HashMap<>();
        for (int gateway = 1; gateway <= 3; gateway++) {
            for (String suffix : List.of("a", "b")) {
                String bus = "bus-" + gateway + "-" + suffix;
                for (int n = 1; n <= (gateway == 3 ? 10 : 20); n++) {
                    expectedBoardings.merge(bus, boardings(bus, n), Long::sum);
                }
            }
        }
        Map<String, Long> boardingsByBus = periods.groupBy("bus").sum("boardings").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        assertEquals(expectedBoardings, boardingsByBus);

        BatchFiles files = new BatchFiles(spark.sparkContext().hadoopConfiguration(), output);
        Map<String, Row> buses = byKey(spark.read().parquet(files.currentView("buses")), "bus");
        assertEquals(6, buses.size());
        assertEquals(10L + 20, (long) buses.get("bus-1-a").<Long>getAs("occupancy"));
        assertEquals(30L + 10, (long) buses.get("bus-3-b").<Long>getAs("occupancy"));
        assertEquals("R2", buses.get("bus-2-b").getAs("route"));
        assertEquals(FleetViews.UNASSIGNED, buses.get("bus-3-b").getAs("route"));

        Map<String, Row> gateways = byKey(spark.read().parquet(files.currentView("gateways")), "gateway");
        assertTrue(gateways.get("gw-3").<Boolean>getAs("silent"), "gw-3 sent nothing for 10 periods");
        assertEquals(10L, (long) gateways.get("gw-3").<Long>getAs("silentPeriods"));
        assertEquals(7L, (long) gateways.get("gw-3").<Long>getAs("outboxDropped"));
        assertFalse(gateways.get("gw-1").<Boolean>getAs("silent"));
        assertEquals(0.001, gateways.get("gw-1").<Double>getAs("rejectedShare"), 1e-9, "2 buses x 1 rejected of 2000 records");

        Map<String, Long> passengersByRoute = spark.read().parquet(files.currentView("route_hours")).groupBy("route")
                .sum("passengers").collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        Map<String, Long> expectedByRoute = new HashMap<>();
        expectedBoardings.forEach((bus, n) -> expectedByRoute.merge(ROUTE_OF.getOrDefault(bus, FleetViews.UNASSIGNED), n, Long::sum));
        assertEquals(expectedByRoute, passengersByRoute);

        Map<String, List<Long>> expectedStops = new TreeMap<>();
        for (int gateway = 1; gateway <= 2; gateway++) {
            for (int n = 1; n <= 20; n++) {
                long in = 0;
                long out = 0;
                for (String suffix : List.of("a", "b")) {
                    in += boardings("bus-" + gateway + "-" + suffix, n);
                    out += alightings("bus-" + gateway + "-" + suffix, n);
                }
                expectedStops.merge(stop(gateway, n), List.of(in, out, 1L), (a, b) -> List.of(a.get(0) + b.get(0),
                        a.get(1) + b.get(1), a.get(2) + b.get(2)));
            }
        }
        Map<String, List<Long>> stops = new TreeMap<>();
        for (Row row : spark.read().parquet(files.currentView("stop_hours")).groupBy("stop")
                .agg(org.apache.spark.sql.functions.sum("boardings"), org.apache.spark.sql.functions.sum("alightings"),
                        org.apache.spark.sql.functions.sum("summaries")).collectAsList()) {
            stops.put(row.getString(0), List.of(row.getLong(1), row.getLong(2), row.getLong(3)));
        }
        assertEquals(expectedStops, stops, "per stop: boardings, alightings and summaries, each summary once");

        List<Row> alerts = spark.read().parquet(output + "/alerts").collectAsList();
        assertEquals(1, alerts.stream().filter(a -> "near-capacity".equals(a.getAs("rule"))).count(), "the alert sent 3 times counts once");
        List<Row> silence = alerts.stream().filter(a -> "gateway-silent".equals(a.getAs("rule"))).toList();
        assertEquals(1, silence.size(), "one silence alert: " + silence);
        assertEquals("gw-3", silence.get(0).getAs("gateway"));
        assertEquals("raised", silence.get(0).getAs("state"));

        FeedMessage feed;
        try (InputStream in = Files.newInputStream(feedFile)) {
            feed = FeedMessage.parseFrom(in);
        }
        assertEquals("2.0", feed.getHeader().getGtfsRealtimeVersion());
        Map<String, FeedEntity> entities = feed.getEntityList().stream()
                .collect(Collectors.toMap(e -> e.getVehicle().getVehicle().getId(), e -> e));
        assertEquals("gw-1/bus-1-a", entities.get("bus-1-a").getId());
        assertEquals(buses.keySet(), entities.keySet());
        assertEquals("R1", entities.get("bus-1-a").getVehicle().getTrip().getRouteId());
        assertFalse(entities.get("bus-3-b").getVehicle().hasTrip());
        assertEquals(50, entities.get("bus-1-a").getVehicle().getOccupancyPercentage(), "30 of 40 seats + 20 standing");
    }

    /** A batch Spark runs again after a crash (same id, same messages) replaces its own output: nothing twice. */
    @Test
    void aBatchRunAgainReplacesItsOwnOutput() throws Exception {
        Path output = directory.resolve("replay");
        FleetJobSettings settings = FleetJobSettings.parse("--kafka", "unused:9092", "--output", output.toString(),
                "--checkpoint", directory.resolve("replay-checkpoint").toString(),
                "--vehicle-positions", directory.resolve("replay.pb").toString());
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            rows.add(org.apache.spark.sql.RowFactory.create("rivulet.summaries", "gw-1", "summary/gw-1/" + n, summary(1, n),
                    new java.sql.Timestamp(T0 + n * PERIOD)));
        }
        Dataset<Row> messages = spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                .add("topic", "string").add("gateway", "string").add("id", "string").add("json", "string")
                .add("ingestTime", "timestamp"));
        FleetBatch batch = new FleetBatch(settings, FleetJob.routes(spark, settings));
        batch.call(messages, 7L);
        batch.call(messages, 7L);
        Dataset<Row> periods = spark.read().parquet(output + "/bus_periods");
        assertEquals(6, periods.count(), "3 periods of 2 buses, once");
        BatchFiles files = new BatchFiles(spark.sparkContext().hadoopConfiguration(), output.toString());
        Dataset<Row> routeHours = spark.read().parquet(files.currentView("route_hours"));
        assertEquals(6L, (long) routeHours.agg(org.apache.spark.sql.functions.sum("busPeriods")).first().<Long>getAs(0));
        Dataset<Row> stopHours = spark.read().parquet(files.currentView("stop_hours"));
        assertEquals(3L, (long) stopHours.agg(org.apache.spark.sql.functions.sum("summaries")).first().<Long>getAs(0));
    }

    private static void runToEnd(FleetJobSettings settings) throws Exception {
        StreamingQuery query = FleetJob.start(spark, settings, Trigger.AvailableNow());
        query.awaitTermination();
        assertTrue(query.exception().isEmpty(), () -> "the query failed: " + query.exception().get());
    }

    private static Map<String, Row> byKey(Dataset<Row> view, String key) {
        return view.collectAsList().stream().collect(Collectors.toMap(r -> r.<String>getAs(key), r -> r));
    }
}
