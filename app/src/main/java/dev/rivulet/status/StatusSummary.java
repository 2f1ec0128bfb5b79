package dev.rivulet.status;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text {@code rivulet status} prints, from a parsed {@code /api/status} document. */
final class StatusSummary {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    /** The busiest stops printed per pipeline; the page and /api/status have up to 200. */
    private static final int STOPS_PRINTED = 10;

    private StatusSummary() {
    }

    /**
     * Lines like:
     * <pre>
     * Rivulet at http://127.0.0.1:9780/: ready, last batch 10:41:07
     *   1234 batches, 56789 records in; last batch 3 ms late, processed in 12 ms
     *   0 dropped, 0 dead letters, outbox 0, last checkpoint 4 s ago, 1.2 MB written to the database
     *
     *   BUS          ON BOARD  CAPACITY  LOAD  LEVEL                       REJECTED  CORRECTED
     *   pipeline occupancy:
     *   bus-1              42        60   70%  FEW_SEATS_AVAILABLE                2    3 (7 passengers)
     *
     *   Rejected readings: occupancy: negative-count 2
     *
     *   Open alerts: 1
     *   bus-3  capacity since 10:40:55 (93%): 56 of 60 passengers
     * </pre>
     */
    static String format(URI uri, Map<String, Object> s) {
        StringBuilder out = new StringBuilder(512);
        boolean live = Boolean.TRUE.equals(s.get("live"));
        boolean ready = Boolean.TRUE.equals(s.get("ready"));
        long batchTime = number(s, "batchTime");
        out.append("Rivulet at ").append(uri).append(": ")
                .append(!live ? "DOWN" : !ready ? "NOT READY" : Boolean.TRUE.equals(s.get("degraded")) ? "ready, DEGRADED" : "ready")
                .append(batchTime < 0 ? ", no batch yet" : ", last batch " + CLOCK.format(Instant.ofEpochMilli(batchTime)))
                .append('\n');
        Object reasons = s.get("reasons");
        if (reasons instanceof List<?> list && !list.isEmpty()) {
            list.forEach(reason -> out.append("  ! ").append(reason).append('\n'));
        }
        if (s.get("metrics") instanceof Map<?, ?> raw) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) raw;
            long checkpointAge = number(m, "checkpointAgeMillis");
            out.append(String.format(Locale.ROOT, "  %d batches, %d records in; last batch %d ms late, processed in %d ms%n",
                    number(m, "batches"), number(m, "recordsIn"), number(m, "lastSchedulingDelayMillis"),
                    number(m, "lastProcessingMillis")));
            out.append(String.format(Locale.ROOT, "  %d dropped, %d dead letters, outbox %d, last checkpoint %s, %s written to the database%n",
                    number(m, "droppedRecords"), number(m, "deadLetters"), number(m, "outboxDepth"),
                    checkpointAge < 0 ? "none yet" : (checkpointAge / 1000) + " s ago",
                    bytes(number(m, "databaseBytesWritten"))));
        }
        List<Map<String, Object>> buses = StatusClient.list(s, "buses");
        out.append('\n');
        if (buses.isEmpty()) {
            out.append("  No bus seen yet.\n");
        } else {
            out.append(String.format(Locale.ROOT, "  %-12s %9s %9s %5s  %-26s %9s  %s%n", "BUS", "ON BOARD", "CAPACITY",
                    "LOAD", "LEVEL", "REJECTED", "CORRECTED"));
            Object section = null;
            for (Map<String, Object> bus : buses) {
                Object pipeline = bus.get("pipeline");
                if (pipeline != null && !"".equals(pipeline) && !pipeline.equals(section)) {
                    section = pipeline;
                    out.append("  pipeline ").append(pipeline).append(":\n");
                }
                long rejected = 0;
                if (bus.get("rejected") instanceof Map<?, ?> counts) {
                    for (Object count : counts.values()) {
                        rejected += count instanceof Number n ? n.longValue() : 0;
                    }
                }
                out.append(String.format(Locale.ROOT, "  %-12s %9d %9d %4d%%  %-26s %9d  %d (%d passengers)%n", bus.get("id"),
                        number(bus, "occupancy"), number(bus, "capacity"), Math.round(decimal(bus, "load") * 100),
                        bus.getOrDefault("level", ""), rejected, Math.max(0, number(bus, "corrections")),
                        Math.max(0, number(bus, "correctedPassengers"))));
            }
        }
        if (s.get("rejectedReadings") instanceof Map<?, ?> pipelines && !pipelines.isEmpty()) {
            out.append('\n').append("  Rejected readings:");
            pipelines.forEach((pipeline, rules) -> out.append(' ').append(pipeline).append(": ").append(
                    rules instanceof Map<?, ?> counts ? counts.toString().replaceAll("[{}]", "").replace("=", " ") : rules));
            out.append('\n');
        }
        if (s.get("stops") instanceof Map<?, ?> pipelines && !pipelines.isEmpty()) {
            out.append('\n').append(String.format(Locale.ROOT, "  %-12s %10s %11s%n", "STOP", "BOARDINGS", "ALIGHTINGS"));
            pipelines.forEach((pipeline, raw) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> window = raw instanceof Map<?, ?> w ? (Map<String, Object>) w : Map.of();
                long windowMillis = number(window, "windowMillis");
                out.append("  pipeline ").append(pipeline).append(", the last ")
                        .append(windowMillis % 60_000 == 0 ? windowMillis / 60_000 + " min" : windowMillis / 1000 + " s")
                        .append(":\n");
                List<Map<String, Object>> stops = StatusClient.list(window, "stops");
                for (Map<String, Object> stop : stops.subList(0, Math.min(stops.size(), STOPS_PRINTED))) {
                    out.append(String.format(Locale.ROOT, "  %-12s %10d %11d%n", stop.get("id"), number(stop, "boardings"),
                            number(stop, "alightings")));
                }
                long more = Math.max(0, number(window, "more")) + Math.max(0, stops.size() - STOPS_PRINTED);
                if (stops.isEmpty()) {
                    out.append("  no stop counted in the window\n");
                } else if (more > 0) {
                    out.append("  … ").append(more).append(" more stops\n");
                }
            });
        }
        List<Map<String, Object>> alerts = StatusClient.list(s, "openAlerts");
        out.append('\n').append("  Open alerts: ").append(alerts.size()).append('\n');
        for (Map<String, Object> alert : alerts) {
            out.append(String.format(Locale.ROOT, "  %s  %s since %s (%d%%)%s%n", alert.get("bus"), alert.get("rule"),
                    CLOCK.format(Instant.ofEpochMilli(number(alert, "since"))), Math.round(decimal(alert, "value") * 100),
                    alert.get("detail") == null || "".equals(alert.get("detail")) ? "" : ": " + alert.get("detail")));
        }
        return out.toString();
    }

    private static long number(Map<String, Object> object, String field) {
        return object.get(field) instanceof Number n ? n.longValue() : -1;
    }

    private static double decimal(Map<String, Object> object, String field) {
        return object.get(field) instanceof Number n ? n.doubleValue() : 0;
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
