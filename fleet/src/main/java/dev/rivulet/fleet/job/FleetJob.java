package dev.rivulet.fleet.job;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fleet job: the gateways' messages from Kafka, deduplicated, into the fleet's tables, views and GTFS-Realtime
 * feed, one micro-batch per trigger, checkpointed. Run with {@code spark-submit} ({@link FleetJobSettings#usage}).
 */
public final class FleetJob {

    private static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";

    private FleetJob() {
    }

    public static void main(String[] args) throws TimeoutException, StreamingQueryException, IOException {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(FleetJobSettings.usage());
            return;
        }
        FleetJobSettings settings;
        try {
            settings = FleetJobSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(FleetJobSettings.usage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("rivulet-fleet").getOrCreate();
        start(spark, settings, Trigger.ProcessingTime(settings.trigger().toMillis())).awaitTermination();
    }

    /** Starts the query on {@code spark}; tests pass {@code Trigger.AvailableNow()} to process what Kafka holds. */
    public static StreamingQuery start(SparkSession spark, FleetJobSettings settings, Trigger trigger)
            throws TimeoutException, IOException {
        // Dates of partitions and hours of the route view are UTC, whatever the machine's zone.
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        // The dedupe state (every id within the horizon) on disk in RocksDB rather than on the heap, unless the
        // submitter chose otherwise; a checkpoint keeps the provider it was started with.
        if (!spark.conf().contains(STATE_STORE_PROVIDER)) {
            spark.conf().set(STATE_STORE_PROVIDER, "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider");
        }
        refuseOutputOfAnotherCheckpoint(spark, settings);
        return UpstreamMessages.read(spark, settings).writeStream()
                .queryName("rivulet-fleet")
                .option("checkpointLocation", settings.checkpoint())
                .trigger(trigger)
                .foreachBatch(new FleetBatch(settings, routes(spark, settings)))
                .start();
    }

    /**
     * Output files are named by batch id, and a new checkpoint counts batches from 0 again: it would replace the
     * old output's first batches. Refuses an output that holds views when the checkpoint holds no query yet.
     */
    static void refuseOutputOfAnotherCheckpoint(SparkSession spark, FleetJobSettings settings) throws IOException {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path offsets = new Path(settings.checkpoint(), "offsets");
        if (offsets.getFileSystem(hadoop).exists(offsets)) {
            return;
        }
        Path views = new Path(settings.output(), "views");
        FileSystem fs = views.getFileSystem(hadoop);
        FileStatus[] versions = fs.globStatus(new Path(views, "*/v-*"));
        if (versions != null && versions.length > 0) {
            throw new IllegalArgumentException("--output " + settings.output() + " holds the output of another run, but "
                    + "--checkpoint " + settings.checkpoint() + " is new: batch numbers would start again from 0 and "
                    + "replace that output. Give the checkpoint it was written with, or a new --output");
        }
    }

    /** The operator's bus → route table ({@code bus,route} CSV with a header); empty when none is given. */
    static Dataset<Row> routes(SparkSession spark, FleetJobSettings settings) {
        StructType schema = new StructType().add("routeBus", DataTypes.StringType).add("route", DataTypes.StringType);
        if (settings.routes().isEmpty()) {
            return spark.createDataFrame(java.util.List.of(), schema);
        }
        Dataset<Row> table = spark.read().option("header", "true").option("mode", "FAILFAST")
                .schema(new StructType().add("bus", DataTypes.StringType).add("route", DataTypes.StringType))
                .csv(settings.routes());
        return table.withColumnRenamed("bus", "routeBus").dropDuplicates("routeBus").cache();
    }
}
