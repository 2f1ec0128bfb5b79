package dev.rivulet.status;

import java.util.Locale;

/**
 * Writes the gateway's numbers in Prometheus' text exposition format 0.0.4: per family one {@code # HELP}
 * and one {@code # TYPE} line, then its samples; times in seconds, as Prometheus' conventions ask.
 *
 * <pre>
 * rivulet_batches_total                        counter  batches completed
 * rivulet_records_in_total                     counter  records into the engine
 * rivulet_batch_scheduling_delay_seconds       summary  _sum and _count over all batches
 * rivulet_batch_processing_seconds             summary  _sum and _count over all batches
 * rivulet_last_batch_scheduling_delay_seconds  gauge
 * rivulet_last_batch_processing_seconds        gauge
 * rivulet_dropped_records_total                counter
 * rivulet_dead_letters_total                   counter
 * rivulet_dead_letters_waiting                 gauge    handed over, not yet kept: their messages unacknowledged
 * rivulet_outbox_messages                      gauge    waiting to go upstream
 * rivulet_checkpoint_age_seconds               gauge    NaN before the first checkpoint
 * rivulet_database_written_bytes_total         counter
 * rivulet_database_moved_aside_total           counter  corrupted files moved aside at start
 * rivulet_state_lost_total                     counter  starts that found less state than was committed
 * rivulet_redeliveries_recognised_total        counter  broker resends the write-ahead log already held
 * rivulet_source_oversized_messages_total{source="..."}  counter  messages over max-message-bytes, refused unread
 * rivulet_source_keys{source="..."}                      gauge    keys a source with max-keys took (across restarts)
 * rivulet_source_max_keys{source="..."}                  gauge    its max-keys
 * rivulet_source_keys_refused_total{source="..."}        counter  readings of further keys (or label values), dead-lettered
 * rivulet_source_label_values{source="...",label="..."}  gauge    values of a label a pipeline keys by, taken (max-keys each)
 * rivulet_output_publish_failures_total{output="..."}     counter  publishes of alerts and results that failed
 * rivulet_live, rivulet_ready, rivulet_degraded gauge 1 or 0
 * rivulet_bus_occupancy{pipeline="...",bus="..."}             gauge    passengers on board
 * rivulet_bus_load_ratio{pipeline="...",bus="..."}            gauge    occupancy / capacity
 * rivulet_bus_occupancy_percentage{pipeline="...",bus="..."}  gauge    GTFS-Realtime occupancy_percentage (vs seats + standing)
 *   (every per-bus series names its pipeline: two pipelines counting buses with the same ids never share one)
 * rivulet_stop_boardings{pipeline="...",stop="..."}           gauge    boardings at the stop over the pipeline's window
 * rivulet_stop_alightings{pipeline="...",stop="..."}          gauge    alightings there (the busiest 200 stops of each)
 * rivulet_rejected_readings_total{pipeline="...",rule="..."}  counter  readings left out by a where or plausibility rule
 * rivulet_occupancy_corrections_total{pipeline="..."}         counter  drift corrections of the occupancy
 * rivulet_occupancy_corrected_passengers_total{pipeline="..."} counter passengers added or removed by them
 * rivulet_open_alerts                          gauge
 * process_*, jvm_*, rivulet_build_info          the process itself: see {@link ProcessMetrics}
 * </pre>
 */
public final class PrometheusText {

    /** The Content-Type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(2048);

    private PrometheusText() {
    }

    /** The whole exposition for one scrape. */
    public static String render(Health health, StatusMetrics m, FleetStatus fleet) {
        PrometheusText t = new PrometheusText();
        t.single("rivulet_live", "gauge", "1 while the gateway runs", health.live() ? 1 : 0);
        t.single("rivulet_ready", "gauge", "1 while the gateway processes batches", health.ready() ? 1 : 0);
        t.single("rivulet_degraded", "gauge", "1 while an output link is down (see /health)", health.degraded() ? 1 : 0);
        t.single("rivulet_batches_total", "counter", "Batches completed since start", m.batches());
        t.single("rivulet_records_in_total", "counter", "Records that entered the engine", m.recordsIn());
        t.summary("rivulet_batch_scheduling_delay_seconds", "How late batches began closing",
                m.schedulingDelayMillisTotal(), m.batches());
        t.summary("rivulet_batch_processing_seconds", "Time from closing a batch to its last output",
                m.processingMillisTotal(), m.batches());
        t.single("rivulet_last_batch_scheduling_delay_seconds", "gauge", "The last batch's scheduling delay",
                seconds(m.lastSchedulingDelayMillis()));
        t.single("rivulet_last_batch_processing_seconds", "gauge", "The last batch's processing time",
                seconds(m.lastProcessingMillis()));
        t.single("rivulet_dropped_records_total", "counter", "Records refused or dropped", m.droppedRecords());
        t.single("rivulet_dead_letters_total", "counter", "Records that failed and went to the dead letters",
                m.deadLetters());
        t.single("rivulet_dead_letters_waiting", "gauge",
                "Dead letters not yet kept in the store (their messages are not acknowledged until they are)",
                m.deadLettersWaiting());
        t.single("rivulet_outbox_messages", "gauge", "Messages waiting to go upstream", m.outboxDepth());
        t.single("rivulet_checkpoint_age_seconds", "gauge", "Time since the last checkpoint (NaN before the first)",
                m.checkpointAgeMillis() < 0 ? Double.NaN : seconds(m.checkpointAgeMillis()));
        t.single("rivulet_database_written_bytes_total", "counter", "Bytes written to the SQLite file",
                m.databaseBytesWritten());
        t.single("rivulet_database_moved_aside_total", "counter",
                "Corrupted database files moved aside at start (their state, log and outbox are not used)",
                m.databasesMovedAside());
        t.single("rivulet_state_lost_total", "counter",
                "Starts that found the database holding less than it had committed (emptied, replaced, or its -wal lost)",
                m.statesLost());
        t.single("rivulet_redeliveries_recognised_total", "counter",
                "MQTT messages a broker sent again that the write-ahead log already held (acknowledged, not counted again)",
                m.redeliveriesRecognised());
        t.family("rivulet_source_oversized_messages_total", "counter",
                "MQTT messages over the source's max-message-bytes, refused unread and dead-lettered without their payload");
        m.oversizedMessages().forEach((source, count) ->
                t.sample("rivulet_source_oversized_messages_total", "source", source, null, null, count));
        t.family("rivulet_source_keys", "gauge", "Distinct keys the source took, counted across restarts (sources with max-keys)");
        m.sourceKeys().forEach((source, keys) -> t.sample("rivulet_source_keys", "source", source, null, null, keys.taken()));
        t.family("rivulet_source_max_keys", "gauge", "The source's max-keys: readings of further keys are dead-lettered");
        m.sourceKeys().forEach((source, keys) -> t.sample("rivulet_source_max_keys", "source", source, null, null, keys.limit()));
        t.family("rivulet_source_keys_refused_total", "counter",
                "Readings of keys (or values of a label a pipeline keys by) past the source's max-keys, dead-lettered and acknowledged");
        m.sourceKeys().forEach((source, keys) ->
                t.sample("rivulet_source_keys_refused_total", "source", source, null, null, keys.refused()));
        t.family("rivulet_source_label_values", "gauge",
                "Distinct values of a label a pipeline keys its state by, taken from the source across restarts (at most max-keys)");
        m.sourceKeys().forEach((source, keys) -> keys.labelValues().forEach((label, values) ->
                t.sample("rivulet_source_label_values", "source", source, "label", label, values)));
        t.family("rivulet_output_publish_failures_total", "counter",
                "Publishes to the output that failed (alerts and pipeline results not delivered; the log says the first"
                + " failure and the recovery)");
        m.publishFailures().forEach((output, count) ->
                t.sample("rivulet_output_publish_failures_total", "output", output, null, null, count));
        if (m.archiveBytes() >= 0) {
            t.single("rivulet_archive_bytes", "gauge", "Bytes the input archive's files take (storage.archive)",
                    m.archiveBytes());
            t.single("rivulet_archive_write_failures_total", "counter",
                    "Archive appends that failed (a full disk): their readings were pruned without being archived",
                    m.archiveWriteFailures());
        }
        t.family("rivulet_bus_occupancy", "gauge", "Passengers on board");
        fleet.buses().forEach(bus -> t.bus("rivulet_bus_occupancy", bus, bus.occupancy()));
        t.family("rivulet_bus_load_ratio", "gauge", "Occupancy divided by capacity");
        fleet.buses().forEach(bus -> t.bus("rivulet_bus_load_ratio", bus, bus.load()));
        t.family("rivulet_bus_occupancy_percentage", "gauge",
                "GTFS-Realtime occupancy_percentage: occupancy against seats + standing, in the feed's step (none for a bus"
                + " without data)");
        fleet.buses().stream().filter(FleetStatus.Bus::hasPercentage)
                .forEach(bus -> t.bus("rivulet_bus_occupancy_percentage", bus, bus.percentage()));
        t.family("rivulet_stop_boardings", "gauge",
                "Boardings at the stop within the pipeline's window, as of its last slide (its busiest "
                + FleetStatus.StopWindow.SHOWN + " stops)");
        fleet.stops().forEach((pipeline, window) -> window.stops().forEach(stop ->
                t.sample("rivulet_stop_boardings", "pipeline", pipeline, "stop", stop.id(), stop.boardings())));
        t.family("rivulet_stop_alightings", "gauge",
                "Alightings at the stop within the pipeline's window, as of its last slide (its busiest "
                + FleetStatus.StopWindow.SHOWN + " stops)");
        fleet.stops().forEach((pipeline, window) -> window.stops().forEach(stop ->
                t.sample("rivulet_stop_alightings", "pipeline", pipeline, "stop", stop.id(), stop.alightings())));
        t.family("rivulet_rejected_readings_total", "counter",
                "Readings left out by a where condition or a plausibility rule, since each bus was first seen");
        fleet.rejectedByPipeline().forEach((pipeline, rules) -> rules.forEach((rule, count) ->
                t.sample("rivulet_rejected_readings_total", "pipeline", pipeline, "rule", rule, count)));
        t.family("rivulet_occupancy_corrections_total", "counter", "Drift corrections of the occupancy (to 0, to the crush load, at a trip end)");
        fleet.correctionsByPipeline().forEach((pipeline, total) ->
                t.sample("rivulet_occupancy_corrections_total", "pipeline", pipeline, null, null, total[0]));
        t.family("rivulet_occupancy_corrected_passengers_total", "counter", "Passengers added or removed by drift corrections");
        fleet.correctionsByPipeline().forEach((pipeline, total) ->
                t.sample("rivulet_occupancy_corrected_passengers_total", "pipeline", pipeline, null, null, total[1]));
        t.single("rivulet_open_alerts", "gauge", "Alerts raised and not yet cleared", fleet.openAlerts().size());
        ProcessMetrics.write(t);
        return t.out.toString();
    }

    void single(String name, String type, String help, double value) {
        family(name, type, help);
        sample(name, null, value);
    }

    private void summary(String name, String help, long millisTotal, long count) {
        family(name, "summary", help);
        sample(name + "_sum", null, seconds(millisTotal));
        sample(name + "_count", null, count);
    }

    void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String bus, double value) {
        sample(name, bus == null ? null : "bus", bus, null, null, value);
    }

    /** A bus's sample, labelled with its pipeline (when it has one) and its id. */
    private void bus(String name, FleetStatus.Bus bus, double value) {
        if (bus.pipeline().isEmpty()) {
            sample(name, bus.id(), value);
        } else {
            sample(name, "pipeline", bus.pipeline(), "bus", bus.id(), value);
        }
    }

    /** A sample with labels given as name, value, name, value, …. */
    void labelledSample(String name, java.util.List<String> labels, double number) {
        out.append(name).append('{');
        for (int i = 0; i < labels.size(); i += 2) {
            out.append(i == 0 ? "" : ",").append(labels.get(i)).append("=\"").append(escapeLabel(labels.get(i + 1))).append('"');
        }
        out.append("} ").append(format(number)).append('\n');
    }

    /** A sample with up to two labels (a null name leaves one out). */
    void sample(String name, String label, String value, String label2, String value2, double number) {
        out.append(name);
        if (label != null) {
            out.append('{').append(label).append("=\"").append(escapeLabel(value)).append('"');
            if (label2 != null) {
                out.append(',').append(label2).append("=\"").append(escapeLabel(value2)).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(number)).append('\n');
    }

    /** Label values escape backslash, double quote and newline; nothing else. */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Whole numbers without ".0" so counters read naturally; NaN and infinities as Prometheus spells them. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
