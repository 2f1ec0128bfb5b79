package dev.rivulet.fleet.job;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The fleet's tables and views, as pure functions of one micro-batch's deduplicated messages and the previous
 * version of each view: no files, no clocks (a gateway's silence is measured against the fleet's newest period).
 */
final class FleetViews {

    /** The summaries' schemas the job reads: 2 carries the percentage against seats + standing and the trip. */
    static final String SUMMARY_1 = "rivulet.summary/1";
    static final String SUMMARY_2 = "rivulet.summary/2";

    /** The route of a bus missing from the operator's table. */
    static final String UNASSIGNED = "unassigned";

    private FleetViews() {
    }

    /** One row per bus per period (the summaries exploded), with the bus's route: the {@code bus_periods} table. */
    static Dataset<Row> busPeriods(Dataset<Row> messages, String summariesTopic, Dataset<Row> routes) {
        Dataset<Row> rows = summaries(messages, summariesTopic).select(col("s.schema").as("schema"), col("s.id").as("summaryId"), col("s.gateway").as("gateway"),
                        timestamp_millis(col("s.periodStart")).as("periodStart"),
                        timestamp_millis(col("s.periodEnd")).as("periodEnd"),
                        col("s.health.outboxDepth").as("outboxDepth"), col("s.health.records").as("records"),
                        explode(col("s.buses")).as("b"))
                .select(col("schema"), col("summaryId"), col("gateway"), col("periodStart"), col("periodEnd"), col("outboxDepth"),
                        col("records"), col("b.bus").as("bus"), col("b.occupancy").as("occupancy"),
                        col("b.capacity").as("capacity"), col("b.boardings").as("boardings"),
                        col("b.alightings").as("alightings"), col("b.peakLoad").as("peakLoad"),
                        col("b.standing").as("standing"), col("b.occupancyStatus").as("occupancyStatus"),
                        // Schema 1 gave the percentage against the seats: the feed computes it again from the fields.
                        when(col("schema").equalTo(SUMMARY_2), col("b.occupancyPercentage")).as("occupancyPercentage"),
                        timestamp_millis(col("b.lastReading")).as("lastReading"), col("b.trip.tripId").as("tripId"),
                        col("b.trip.routeId").as("tripRouteId"), col("b.trip.directionId").as("directionId"),
                        col("b.trip.startDate").as("startDate"),
                        expr("aggregate(map_values(coalesce(b.rejected, map())), 0L, (total, n) -> total + n)").as("rejected"),
                        col("b.corrections").as("corrections"), col("b.correctedPassengers").as("correctedPassengers"));
        return rows.join(broadcast(routes), rows.col("bus").equalTo(routes.col("routeBus")), "left")
                .withColumn("route", coalesce(col("route"), lit(UNASSIGNED)))
                .drop("routeBus", "schema")
                .withColumn("date", to_date(col("periodEnd")));
    }

    /** The batch's summaries of a schema the job reads, as the struct column {@code s}. */
    private static Dataset<Row> summaries(Dataset<Row> messages, String summariesTopic) {
        return messages.where(col("topic").equalTo(summariesTopic))
                .select(from_json(col("json"), UpstreamMessages.SUMMARY).as("s"))
                .where(col("s.schema").isin(SUMMARY_1, SUMMARY_2));
    }

    /**
     * Per stop and hour (of the period's start), from every gateway: passengers boarding and alighting there, and the
     * summaries that counted any. Stop ids are the operator's, the same on every bus, so two gateways' counts at one
     * stop add up. Summaries from gateways before the {@code stops} array add nothing. The {@code stop_hours} view.
     */
    static Dataset<Row> stopHours(Dataset<Row> messages, String summariesTopic, Dataset<Row> previous) {
        Dataset<Row> batch = summaries(messages, summariesTopic)
                .select(col("s.periodStart").as("periodStart"), explode(col("s.stops")).as("t"))
                .groupBy(col("t.stop").as("stop"), date_trunc("hour", timestamp_millis(col("periodStart"))).as("hour"))
                .agg(sum("t.boardings").as("boardings"), sum("t.alightings").as("alightings"), count(lit(1)).as("summaries"));
        Dataset<Row> all = previous == null ? batch : previous.unionByName(batch);
        return all.groupBy("stop", "hour").agg(sum("boardings").as("boardings"), sum("alightings").as("alightings"),
                sum("summaries").as("summaries"));
    }

    /**
     * Per bus, its latest period's state: occupancy, load, GTFS-RT level. The {@code buses} view, keyed by gateway
     * and bus: two gateways' simulators both have a bus-1, and a copied configuration must not merge two buses.
     */
    static Dataset<Row> buses(Dataset<Row> busPeriods, Dataset<Row> previous) {
        Dataset<Row> latest = busPeriods.select(col("bus"), col("gateway"), col("route"), col("periodEnd"), col("occupancy"),
                col("capacity"), col("standing"), round(col("occupancy").divide(col("capacity")), 3).as("load"),
                col("peakLoad"), col("occupancyStatus"), col("occupancyPercentage"), col("lastReading"), col("tripId"),
                col("tripRouteId"), col("directionId"), col("startDate"));
        // A view written before summaries carried trips lacks their columns: they are null there.
        Dataset<Row> all = previous == null ? latest : previous.unionByName(latest, true);
        return latestBy(all, List.of("gateway", "bus"), "periodEnd");
    }

    /**
     * Per gateway: last seen, outbox depth, rejected-reading share, outbox messages dropped, and for how many of
     * its periods it has been silent, against the newest period any gateway reported. The {@code gateways} view.
     */
    static Dataset<Row> gateways(Dataset<Row> busPeriods, Dataset<Row> droppedReports, Dataset<Row> previous,
                                 int silentPeriods) {
        Dataset<Row> perSummary = busPeriods.groupBy("gateway", "periodEnd").agg(
                max("periodStart").as("periodStart"), max("outboxDepth").as("outboxDepth"), max("records").as("records"),
                sum("rejected").as("rejected"), count(lit(1)).as("buses"));
        Dataset<Row> latest = perSummary.select(col("gateway"), col("periodEnd").as("lastSeen"),
                col("periodEnd").cast("long").minus(col("periodStart").cast("long")).multiply(1000).as("periodMillis"),
                col("outboxDepth"), col("records"), col("rejected"), col("buses"));
        Dataset<Row> all = previous == null ? latest : previous.selectExpr(latest.columns()).unionByName(latest);
        Dataset<Row> dropped = droppedReports.groupBy("gateway").agg(sum("count").as("newlyDropped"));
        Dataset<Row> view = latestBy(all, List.of("gateway"), "lastSeen").join(dropped, new String[] {"gateway"}, "left");
        view = previous == null
                ? view.withColumn("droppedBefore", lit(0L)).withColumn("wasSilent", lit(false))
                : view.join(previous.select(col("gateway"), col("outboxDropped").as("droppedBefore"),
                        col("silent").as("wasSilent")), new String[] {"gateway"}, "left");
        // The fleet's newest period, one number joined to every gateway (a window over all rows would gather them
        // in one partition).
        view = view.crossJoin(view.agg(max("lastSeen").as("fleetNowValue")));
        Column fleetNow = col("fleetNowValue");
        Column silentFor = floor(fleetNow.cast("long").minus(col("lastSeen").cast("long")).multiply(1000)
                .divide(greatest(col("periodMillis"), lit(1L))));
        return view.select(col("gateway"), col("lastSeen"), col("periodMillis"), col("outboxDepth"), col("records"),
                col("rejected"), round(when(col("records").gt(0), least(lit(1.0), col("rejected").divide(col("records"))))
                        .otherwise(lit(0.0)), 4).as("rejectedShare"),
                col("buses"), coalesce(col("droppedBefore"), lit(0L)).plus(coalesce(col("newlyDropped"), lit(0L))).as("outboxDropped"),
                silentFor.cast("long").as("silentPeriods"), silentFor.geq(silentPeriods).as("silent"),
                coalesce(col("wasSilent"), lit(false)).as("wasSilent"), fleetNow.as("fleetNow"));
    }

    /** Per route and hour (of the period's start): passengers boarding and alighting, the peak load. */
    static Dataset<Row> routeHours(Dataset<Row> busPeriods, Dataset<Row> previous) {
        Dataset<Row> batch = busPeriods.groupBy(col("route"), date_trunc("hour", col("periodStart")).as("hour")).agg(
                sum("boardings").as("passengers"), sum("alightings").as("alightings"), max("peakLoad").as("peakLoad"),
                count(lit(1)).as("busPeriods"));
        Dataset<Row> all = previous == null ? batch : previous.unionByName(batch);
        return all.groupBy("route", "hour").agg(sum("passengers").as("passengers"), sum("alightings").as("alightings"),
                max("peakLoad").as("peakLoad"), sum("busPeriods").as("busPeriods"));
    }

    /** The gateways' own alerts and outbox-dropped reports, as rows of the {@code alerts} table. */
    static Dataset<Row> gatewayAlerts(Dataset<Row> messages, FleetJobSettings settings) {
        Dataset<Row> alerts = messages.where(col("topic").equalTo(settings.alertsTopic()))
                .select(from_json(col("json"), UpstreamMessages.ALERT).as("a"))
                .select(lit("gateway").as("source"), col("a.id").as("id"), col("a.rule").as("rule"),
                        col("a.gateway").as("gateway"), col("a.key").as("key"), col("a.state").as("state"),
                        col("a.value").as("value"), col("a.detail").as("detail"), timestamp_millis(col("a.batchTime")).as("time"));
        Dataset<Row> dropped = droppedReports(messages, settings).select(lit("gateway").as("source"), col("id"),
                lit("outbox-dropped").as("rule"), col("gateway"), col("gateway").as("key"), lit("raised").as("state"),
                col("count").cast("double").as("value"),
                org.apache.spark.sql.functions.concat(col("count").cast("string"), lit(" messages dropped by a full outbox"))
                        .as("detail"), col("ingestTime").as("time"));
        return alerts.unionByName(dropped).withColumn("date", to_date(col("time")));
    }

    /** The outbox-dropped reports: {@code gateway}, {@code count}, {@code id}, {@code ingestTime}. */
    static Dataset<Row> droppedReports(Dataset<Row> messages, FleetJobSettings settings) {
        return messages.where(col("topic").equalTo(settings.outboxDroppedTopic()))
                .select(col("gateway"), org.apache.spark.sql.functions.get_json_object(col("json"), "$.count").cast("long")
                        .as("count"), col("id"), col("ingestTime"));
    }

    /** The fleet's own alerts: a gateway silent for the set number of its periods (raised), or heard from again. */
    static Dataset<Row> silenceAlerts(Dataset<Row> gateways, int silentPeriods) {
        Column state = when(col("silent").and(col("wasSilent").unary_$bang()), lit("raised"))
                .when(col("wasSilent").and(col("silent").unary_$bang()), lit("cleared"));
        return gateways.withColumn("state", state).where(col("state").isNotNull())
                .select(lit("fleet").as("source"),
                        org.apache.spark.sql.functions.concat_ws("/", lit("gateway-silent"), col("gateway"),
                                col("fleetNow").cast("long").multiply(1000).cast("string"), col("state")).as("id"),
                        lit("gateway-silent").as("rule"), col("gateway"), col("gateway").as("key"), col("state"),
                        col("silentPeriods").cast("double").as("value"),
                        org.apache.spark.sql.functions.concat(lit("no summary for "), col("silentPeriods").cast("string"),
                                lit(" periods (alert at " + silentPeriods + ")")).as("detail"),
                        col("fleetNow").as("time"))
                .withColumn("date", to_date(col("time")));
    }

    /** One row per {@code keys}: the one with the greatest {@code order}. */
    private static Dataset<Row> latestBy(Dataset<Row> rows, List<String> keys, String order) {
        List<String> others = Arrays.stream(rows.columns()).filter(c -> !keys.contains(c)).toList();
        Column[] fields = others.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Column[] groups = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
        Dataset<Row> picked = rows.groupBy(groups).agg(max_by(struct(fields), col(order)).as("latest"));
        List<Column> out = new ArrayList<>(Arrays.asList(groups));
        others.forEach(c -> out.add(col("latest." + c).as(c)));
        return picked.select(out.toArray(Column[]::new));
    }
}
