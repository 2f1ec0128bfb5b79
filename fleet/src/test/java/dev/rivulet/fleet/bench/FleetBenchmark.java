package dev.rivulet.fleet.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;

import dev.rivulet.fleet.connect.MqttSourceConnector;
import dev.rivulet.fleet.job.FleetJob;
import dev.rivulet.fleet.job.FleetJobSettings;
import dev.rivulet.fleet.testing.ConnectWorker;
import dev.rivulet.fleet.testing.KafkaBroker;
import dev.rivulet.fleet.testing.LocalSpark;
import dev.rivulet.fleet.testing.Mosquitto;
import dev.rivulet.fleet.testing.SummaryJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.Trigger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A generated fleet through the whole central side on this machine (docs/BENCHMARKS.md, "Fleet"): mosquitto,
 * the connector in a standalone worker, a KRaft broker and the job in {@code local[2]}. Gateways publish one
 * summary each per (simulated) minute, {@code speed} simulated minutes a minute; each summary's {@code periodEnd}
 * is its publish time, so after each micro-batch the latency publish → visible in {@code bus_periods} is read
 * from that batch's own files.
 *
 * <p>Settings (system properties): {@code rivulet.bench.gateways} (10000), {@code .buses} (40), {@code .trigger}
 * (30s), {@code .phases} (speeds and minutes, {@code 1:4,4:3}: 4 minutes at 1x, then 3 at 4x).
 */
public final class FleetBenchmark {

    private static final String TOPIC = "rivulet/%s/summary";

    public static void main(String[] args) throws Exception {
        int gateways = Integer.getInteger("rivulet.bench.gateways", 10_000);
        int buses = Integer.getInteger("rivulet.bench.buses", 40);
        String trigger = System.getProperty("rivulet.bench.trigger", "30s");
        String phases = System.getProperty("rivulet.bench.phases", "1:4,4:3");
        Path directory = Files.createTempDirectory("rivulet-fleet-bench");
        System.out.printf(Locale.ROOT, "fleet benchmark: %d gateways x %d buses, trigger %s, phases %s (speed:minutes), in %s%n",
                gateways, buses, trigger, phases, directory);
        try (Mosquitto central = new Mosquitto(directory.resolve("mosquitto"));
             KafkaBroker kafka = new KafkaBroker(directory.resolve("kafka"));
             ConnectWorker worker = new ConnectWorker(kafka.bootstrapServers(), directory.resolve("connect"))) {
            kafka.createTopics(6, List.of("rivulet.summaries", "rivulet.alerts", "rivulet.outbox-dropped"));
            worker.start("fleet-mqtt", Map.of("connector.class", MqttSourceConnector.class.getName(), "tasks.max", "2",
                    "mqtt.broker", central.url(), "mqtt.receive.maximum", "2000"));
            SparkSession spark = LocalSpark.start(directory);
            String output = directory.resolve("fleet").toString();
            FleetJobSettings settings = FleetJobSettings.parse("--kafka", kafka.bootstrapServers(), "--output", output,
                    "--checkpoint", directory.resolve("checkpoint").toString(),
                    "--vehicle-positions", directory.resolve("vehicle-positions.pb").toString(), "--trigger", trigger);
            LinkedBlockingQueue<long[]> finished = new LinkedBlockingQueue<>();
            spark.streams().addListener(new StreamingQueryListener() {
                @Override
                public void onQueryStarted(QueryStartedEvent event) {
                }

                @Override
                public void onQueryProgress(QueryProgressEvent event) {
                    finished.add(new long[] {event.progress().batchId(), System.currentTimeMillis(),
                            event.progress().numInputRows(), event.progress().batchDuration()});
                }

                @Override
                public void onQueryIdle(QueryIdleEvent event) {
                }

                @Override
                public void onQueryTerminated(QueryTerminatedEvent event) {
                }
            });
            StreamingQuery query = FleetJob.start(spark, settings, Trigger.ProcessingTime(settings.trigger().toMillis()));
            Thread reporter = new Thread(() -> report(spark, output, finished), "latency-reporter");
            reporter.setDaemon(true);
            reporter.start();
            try (Publisher publisher = new Publisher(central.url(), gateways, buses)) {
                for (String phase : phases.split(",")) {
                    String[] p = phase.split(":");
                    int speed = Integer.parseInt(p[0]);
                    int minutes = Integer.parseInt(p[1]);
                    System.out.printf(Locale.ROOT, "---- phase: %dx for %d min: %.0f summaries/s offered%n", speed, minutes,
                            gateways * speed / 60.0);
                    publisher.run(speed, minutes * 60_000L);
                    System.out.printf(Locale.ROOT, "---- phase %dx done: %d published, %d acknowledged by the broker%n",
                            speed, publisher.published.get(), publisher.acknowledged.get());
                }
            }
            // Let the job catch up with the last published summaries: two more triggers.
            long end = System.currentTimeMillis() + 2 * settings.trigger().toMillis() + 30_000;
            while (System.currentTimeMillis() < end && query.isActive()) {
                query.awaitTermination(1_000);
            }
            query.stop();
            spark.stop();
        }
    }

    /** After each micro-batch: its input, duration, and the latency of the summaries it made visible. */
    private static void report(SparkSession spark, String output, LinkedBlockingQueue<long[]> finished) {
        System.out.println("batch | input records | batch ms | summaries/s (input / batch time) | latency median / max (s)");
        while (true) {
            long[] b;
            try {
                b = finished.take();
            } catch (InterruptedException e) {
                return;
            }
            if (b[2] == 0) {
                continue;
            }
            String latency = "-";
            try {
                org.apache.hadoop.fs.Path pattern = new org.apache.hadoop.fs.Path(output + "/bus_periods/date=*/batch-" + b[0] + "-*.parquet");
                String[] files = java.util.Arrays.stream(pattern.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .globStatus(pattern)).map(f -> f.getPath().toString()).toArray(String[]::new);
                Dataset<Row> rows = spark.read().parquet(files)
                        .select(col("periodEnd").cast("double").multiply(1000).as("end"));
                Row r = rows.agg(percentile_approx(lit(b[1]).minus(col("end")), lit(0.5), lit(1000)),
                        max(lit(b[1]).minus(col("end"))), min(lit(b[1]).minus(col("end")))).first();
                latency = String.format(Locale.ROOT, "%.1f / %.1f", r.getDouble(0) / 1000, r.getDouble(1) / 1000);
            } catch (RuntimeException | java.io.IOException e) {
                latency = "(not read: " + e.getMessage() + ")";
            }
            System.out.printf(Locale.ROOT, "%5d | %13d | %8d | %8.0f | %s%n", b[0], b[2], b[3],
                    b[3] > 0 ? b[2] * 1000.0 / b[3] : 0, latency);
        }
    }

    /** The generated fleet: gateways spread evenly over each simulated minute, 4 MQTT connections, QoS 1. */
    static final class Publisher implements AutoCloseable {
        private final List<MqttAsyncClient> clients = new ArrayList<>();
        private final int gateways;
        private final int buses;
        private final Semaphore inFlight = new Semaphore(4_000);
        final AtomicLong published = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        private final SplittableRandom random = new SplittableRandom(1);
        private final long[][] occupancy;

        Publisher(String url, int gateways, int buses) throws Exception {
            this.gateways = gateways;
            this.buses = buses;
            this.occupancy = new long[gateways][buses];
            for (int i = 0; i < 4; i++) {
                MqttAsyncClient client = new MqttAsyncClient(url, "bench-fleet-" + i, new MemoryPersistence());
                MqttConnectionOptions options = new MqttConnectionOptions();
                options.setReceiveMaximum(65_535);
                client.connect(options).waitForCompletion(10_000);
                clients.add(client);
            }
        }

        /** Publishes at {@code speed} summaries per gateway per minute for {@code millis}. */
        void run(int speed, long millis) throws Exception {
            long start = System.currentTimeMillis();
            long interval = 60_000L / speed;
            long sent = 0;
            while (System.currentTimeMillis() - start < millis) {
                long now = System.currentTimeMillis();
                long due = (now - start) * gateways / interval;
                while (sent < due) {
                    int g = (int) (sent % gateways);
                    publish(g, System.currentTimeMillis(), interval);
                    sent++;
                }
                LockSupport.parkNanos(5_000_000);
            }
        }

        private void publish(int g, long periodEnd, long interval) throws Exception {
            String gateway = "gw-" + g;
            List<SummaryJson.Bus> list = new ArrayList<>(buses);
            // Each bus stops once a period at one of the 30 stops of its route (400 routes: 12,000 stops in all).
            Map<String, long[]> stops = new TreeMap<>();
            for (int b = 0; b < buses; b++) {
                long boardings = random.nextInt(12);
                long alightings = Math.min(occupancy[g][b] + boardings, random.nextInt(12));
                occupancy[g][b] = Math.min(90, occupancy[g][b] + boardings - alightings);
                long o = occupancy[g][b];
                String level = o == 0 ? "EMPTY" : o < 30 ? "MANY_SEATS_AVAILABLE" : o < 60 ? "FEW_SEATS_AVAILABLE"
                        : o < 80 ? "STANDING_ROOM_ONLY" : "CRUSHED_STANDING_ROOM_ONLY";
                list.add(new SummaryJson.Bus(gateway + "-bus-" + b, o, 60, boardings, alightings, o / 60.0, level, Math.round(o * 100.0 / 90 / 2) * 2,
                        random.nextInt(3)));
                long[] stop = stops.computeIfAbsent("R" + (g * buses + b) % 400 + "-S" + random.nextInt(30), id -> new long[2]);
                stop[0] += boardings;
                stop[1] += alightings;
            }
            List<SummaryJson.Stop> stopList = new ArrayList<>(stops.size());
            stops.forEach((id, counts) -> stopList.add(new SummaryJson.Stop(id, counts[0], counts[1])));
            byte[] payload = SummaryJson.summary(gateway, periodEnd - interval, periodEnd, 0, 1000, list, stopList)
                    .getBytes(StandardCharsets.UTF_8);
            inFlight.acquire();
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            clients.get(g % clients.size()).publish(String.format(TOPIC, gateway), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.incrementAndGet();
                    inFlight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable error) {
                    inFlight.release();
                }
            });
            published.incrementAndGet();
        }

        @Override
        public void close() throws Exception {
            inFlight.tryAcquire(4_000, 60, TimeUnit.SECONDS);
            for (MqttAsyncClient client : clients) {
                client.disconnect().waitForCompletion(10_000);
                client.close();
            }
        }
    }
}
