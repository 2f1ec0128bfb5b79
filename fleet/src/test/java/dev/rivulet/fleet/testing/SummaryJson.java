package dev.rivulet.fleet.testing;

import java.util.List;
import java.util.Locale;

/** Summaries and alerts laid out as a gateway writes them ({@code docs/SUMMARY.md}), for tests and the benchmark. */
public final class SummaryJson {

    /** One bus's part of a summary. */
    public record Bus(String bus, long occupancy, long capacity, long boardings, long alightings, double peakLoad,
                      String occupancyStatus, long occupancyPercentage, long rejected) {
    }

    /** One stop's part of a summary. */
    public record Stop(String stop, long boardings, long alightings) {
    }

    private SummaryJson() {
    }

    /** A summary without {@code stops}, as gateways before them wrote it. */
    public static String summary(String gateway, long periodStart, long periodEnd, long outboxDepth, long records,
                                 List<Bus> buses) {
        return summary(gateway, periodStart, periodEnd, outboxDepth, records, buses, null);
    }

    /** A summary; {@code stops} null leaves the array out. */
    public static String summary(String gateway, long periodStart, long periodEnd, long outboxDepth, long records,
                                 List<Bus> buses, List<Stop> stops) {
        StringBuilder json = new StringBuilder(200 + buses.size() * 330);
        json.append("{\"schema\":\"rivulet.summary/2\",\"id\":\"summary/").append(gateway).append('/').append(periodEnd)
                .append("\",\"gateway\":\"").append(gateway).append("\",\"periodStart\":").append(periodStart)
                .append(",\"periodEnd\":").append(periodEnd).append(",\"buses\":[");
        for (int i = 0; i < buses.size(); i++) {
            Bus b = buses.get(i);
            json.append(i == 0 ? "" : ",").append("{\"bus\":\"").append(b.bus).append("\",\"occupancy\":").append(b.occupancy)
                    .append(",\"capacity\":").append(b.capacity).append(",\"boardings\":").append(b.boardings)
                    .append(",\"alightings\":").append(b.alightings).append(",\"peakLoad\":")
                    .append(String.format(Locale.ROOT, "%.3f", b.peakLoad)).append(",\"standing\":").append(b.capacity / 2)
                    .append(",\"occupancyStatus\":\"").append(b.occupancyStatus).append("\",\"occupancyPercentage\":")
                    .append(b.occupancyPercentage).append(",\"rejected\":{")
                    .append(b.rejected > 0 ? "\"negative-count\":" + b.rejected : "")
                    .append("},\"corrections\":0,\"correctedPassengers\":0}");
        }
        json.append(']');
        if (stops != null) {
            json.append(",\"stops\":[");
            for (int i = 0; i < stops.size(); i++) {
                Stop t = stops.get(i);
                json.append(i == 0 ? "" : ",").append("{\"stop\":\"").append(t.stop).append("\",\"boardings\":")
                        .append(t.boardings).append(",\"alightings\":").append(t.alightings).append('}');
            }
            json.append(']');
        }
        json.append(",\"health\":{\"batches\":10,\"records\":").append(records)
                .append(",\"maxSchedulingDelayMs\":3,\"maxProcessingMs\":2,\"dropped\":0,\"deadLetters\":0,\"outboxDepth\":")
                .append(outboxDepth).append("}}");
        return json.toString();
    }

    public static String alert(String gateway, String bus, long batchTime, String state, double value) {
        return String.format(Locale.ROOT, "{\"id\":\"near-capacity/%s/%d/%s\",\"rule\":\"near-capacity\",\"gateway\":\"%s\","
                + "\"key\":\"%s\",\"state\":\"%s\",\"value\":%.3f,\"detail\":\"near capacity\",\"batchTime\":%d}",
                bus, batchTime, state, gateway, bus, state, value, batchTime);
    }
}
