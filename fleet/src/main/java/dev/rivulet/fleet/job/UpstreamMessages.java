package dev.rivulet.fleet.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.get_json_object;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The gateways' messages as the connector puts them in Kafka ({@code docs/SUMMARY.md} for the payloads), read as a
 * stream and deduplicated: a message id seen again within the dedupe horizon is dropped, whatever its Kafka offset.
 *
 * <p>The watermark is on the Kafka record's timestamp (when the connector took the message from MQTT), not on the
 * summary's period: a gateway whose link was down for hours sends hours-old summaries, and those are not late
 * repeats but first copies that must count. A repeat is what comes within the horizon of the first copy: a resend
 * after a power cut, or a copy a restarted Connect worker took again from its MQTT session.
 */
final class UpstreamMessages {

    static final StructType BUS = new StructType()
            .add("bus", DataTypes.StringType).add("occupancy", DataTypes.LongType).add("capacity", DataTypes.LongType)
            .add("boardings", DataTypes.LongType).add("alightings", DataTypes.LongType).add("peakLoad", DataTypes.DoubleType)
            .add("standing", DataTypes.LongType).add("occupancyStatus", DataTypes.StringType)
            .add("occupancyPercentage", DataTypes.LongType)
            .add("rejected", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
            .add("corrections", DataTypes.LongType).add("correctedPassengers", DataTypes.LongType)
            .add("lastReading", DataTypes.LongType)
            .add("trip", new StructType().add("tripId", DataTypes.StringType).add("routeId", DataTypes.StringType)
                    .add("directionId", DataTypes.StringType).add("startDate", DataTypes.StringType));
    static final StructType STOP = new StructType()
            .add("stop", DataTypes.StringType).add("boardings", DataTypes.LongType).add("alightings", DataTypes.LongType);
    static final StructType HEALTH = new StructType()
            .add("batches", DataTypes.LongType).add("records", DataTypes.LongType)
            .add("maxSchedulingDelayMs", DataTypes.LongType).add("maxProcessingMs", DataTypes.LongType)
            .add("dropped", DataTypes.LongType).add("deadLetters", DataTypes.LongType).add("outboxDepth", DataTypes.LongType);
    static final StructType SUMMARY = new StructType()
            .add("schema", DataTypes.StringType).add("id", DataTypes.StringType).add("gateway", DataTypes.StringType)
            .add("periodStart", DataTypes.LongType).add("periodEnd", DataTypes.LongType)
            .add("buses", DataTypes.createArrayType(BUS)).add("stops", DataTypes.createArrayType(STOP))
            .add("health", HEALTH);
    static final StructType ALERT = new StructType()
            .add("id", DataTypes.StringType).add("rule", DataTypes.StringType).add("gateway", DataTypes.StringType)
            .add("key", DataTypes.StringType).add("state", DataTypes.StringType).add("value", DataTypes.DoubleType)
            .add("detail", DataTypes.StringType).add("batchTime", DataTypes.LongType);

    private UpstreamMessages() {
    }

    /**
     * The deduplicated stream: {@code topic}, {@code gateway} (the record key), {@code id}, {@code json} (the payload)
     * and {@code ingestTime} (the Kafka timestamp).
     */
    static Dataset<Row> read(SparkSession spark, FleetJobSettings settings) {
        var reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", settings.kafka())
                .option("subscribe", settings.topics())
                .option("startingOffsets", "earliest")
                // A topic deleted and made again must not silently skip what the checkpoint says is unread.
                .option("failOnDataLoss", "true");
        if (settings.maxOffsetsPerTrigger() > 0) {
            reader = reader.option("maxOffsetsPerTrigger", settings.maxOffsetsPerTrigger());
        }
        Dataset<Row> records = reader.load();
        Column json = col("value").cast("string");
        // Outbox-dropped reports carry no id: their Kafka position stands in, so only Spark's own replays are dropped.
        Column id = coalesce(get_json_object(json, "$.id"),
                concat_ws("/", col("topic"), col("partition").cast("string"), col("offset").cast("string")));
        return records
                .select(col("topic"), col("key").cast("string").as("gateway"), id.as("id"), json.as("json"),
                        col("timestamp").as("ingestTime"))
                .withColumn("dedupeKey", concat_ws("|", col("topic"), col("gateway"), col("id")))
                .withWatermark("ingestTime", settings.dedupeHorizon().toMillis() + " milliseconds")
                .dropDuplicatesWithinWatermark("dedupeKey")
                .drop("dedupeKey");
    }
}
