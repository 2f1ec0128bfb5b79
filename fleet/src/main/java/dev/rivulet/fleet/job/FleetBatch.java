package dev.rivulet.fleet.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.nio.file.Path;
import java.sql.Timestamp;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * What each micro-batch of deduplicated messages does, in order: the {@code bus_periods} and {@code alerts} tables
 * get the batch's rows, the {@code buses}, {@code gateways}, {@code route_hours} and {@code stop_hours} views a new
 * version, and the GTFS-Realtime file the buses' latest state. Every step is named by the batch id ({@link BatchFiles}), so a batch
 * run again after a crash replaces its own earlier output: exactly once.
 */
final class FleetBatch implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;

    private final FleetJobSettings settings;
    private final Dataset<Row> routes;

    FleetBatch(FleetJobSettings settings, Dataset<Row> routes) {
        this.settings = settings;
        this.routes = routes;
    }

    @Override
    public void call(Dataset<Row> messages, Long batchId) throws Exception {
        SparkSession spark = messages.sparkSession();
        messages.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            if (messages.isEmpty()) {
                return;
            }
            BatchFiles files = new BatchFiles(spark.sparkContext().hadoopConfiguration(), settings.output());
            Dataset<Row> busPeriods = FleetViews.busPeriods(messages, settings.summariesTopic(), routes)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                files.append("bus_periods", busPeriods.drop("outboxDepth", "records"), batchId);

                Dataset<Row> buses = FleetViews.buses(busPeriods, previous(spark, files, "buses", batchId));
                files.writeView("buses", buses, batchId);
                Dataset<Row> gateways = FleetViews.gateways(busPeriods, FleetViews.droppedReports(messages, settings),
                        previous(spark, files, "gateways", batchId), settings.silentPeriods()).persist();
                files.writeView("gateways", gateways.drop("wasSilent", "fleetNow"), batchId);
                files.writeView("route_hours", FleetViews.routeHours(busPeriods, previous(spark, files, "route_hours", batchId)),
                        batchId);
                files.writeView("stop_hours", FleetViews.stopHours(messages, settings.summariesTopic(),
                        previous(spark, files, "stop_hours", batchId)), batchId);
                files.append("alerts", FleetViews.gatewayAlerts(messages, settings)
                        .unionByName(FleetViews.silenceAlerts(gateways, settings.silentPeriods())), batchId);
                gateways.unpersist();

                Dataset<Row> current = spark.read().parquet(files.currentView("buses"));
                Row newest = current.agg(max(col("periodEnd"))).first();
                long feedTime = newest.isNullAt(0) ? 0 : ((Timestamp) newest.get(0)).getTime() / 1000;
                VehiclePositionsFile.write(Path.of(settings.vehiclePositions()),
                        VehiclePositionsFile.feed(current.collectAsList(), feedTime));
            } finally {
                busPeriods.unpersist();
            }
        } finally {
            messages.unpersist();
        }
    }

    private static Dataset<Row> previous(SparkSession spark, BatchFiles files, String view, long batchId) throws java.io.IOException {
        org.apache.hadoop.fs.Path previous = files.previousView(view, batchId);
        return previous == null ? null : spark.read().parquet(previous.toString());
    }
}
