package dev.rivulet.gateway;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the summaries that reached the central broker add up to, each summary counted once (by its id), as a
 * fleet consumer that drops repeats by id reads them (docs/SUMMARY.md).
 *
 * @param boardings  per bus, the boardings summed over the summaries
 * @param alightings per bus, the alightings summed over the summaries
 * @param stops      per stop, [boardings, alightings] summed over the summaries
 * @param periodEnds the periods present
 * @param count      distinct summaries
 * @param alerts     distinct alerts
 * @param malformed  summaries that could not be read, with why
 */
record UpstreamSummaries(Map<String, Long> boardings, Map<String, Long> alightings, Map<String, List<Long>> stops,
        TreeSet<Long> periodEnds, int count, int alerts, List<String> malformed) {

    private static final Pattern BUS = Pattern.compile(
            "\\{\"bus\":\"([^\"]+)\",\"occupancy\":(-?\\d+),\"capacity\":\\d+,\"boardings\":(-?\\d+),\"alightings\":(-?\\d+)");
    private static final Pattern STOP = Pattern.compile("\\{\"stop\":\"([^\"]+)\",\"boardings\":(-?\\d+),\"alightings\":(-?\\d+)}");
    private static final Pattern PERIOD = Pattern.compile("\"periodStart\":(\\d+),\"periodEnd\":(\\d+)");

    static UpstreamSummaries of(List<UpstreamCollector.Message> messages, long periodMillis) {
        Map<String, Long> boardings = new TreeMap<>();
        Map<String, Long> alightings = new TreeMap<>();
        Map<String, List<Long>> stops = new TreeMap<>();
        TreeSet<Long> ends = new TreeSet<>();
        Set<String> ids = new HashSet<>();
        Set<String> alerts = new HashSet<>();
        List<String> malformed = new ArrayList<>();
        for (UpstreamCollector.Message message : messages) {
            String id = message.id();
            if (id != null && message.topic().endsWith("/alerts")) {
                alerts.add(id);
            }
            if (id == null || !message.topic().endsWith("/summary") || !ids.add(id)) {
                continue;
            }
            Matcher period = PERIOD.matcher(message.payload());
            if (!period.find() || Long.parseLong(period.group(2)) - Long.parseLong(period.group(1)) != periodMillis) {
                malformed.add("a summary without a period of " + periodMillis + " ms: " + message.payload());
                continue;
            }
            ends.add(Long.parseLong(period.group(2)));
            Matcher bus = BUS.matcher(message.payload());
            while (bus.find()) {
                boardings.merge(bus.group(1), Long.parseLong(bus.group(3)), Long::sum);
                alightings.merge(bus.group(1), Long.parseLong(bus.group(4)), Long::sum);
            }
            Matcher stop = STOP.matcher(message.payload());
            while (stop.find()) {
                long in = Long.parseLong(stop.group(2));
                long out = Long.parseLong(stop.group(3));
                stops.merge(stop.group(1), List.of(in, out), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
            }
        }
        return new UpstreamSummaries(boardings, alightings, stops, ends, ids.size(), alerts.size(), malformed);
    }

    /** The period ends missing between the first and the last present. */
    List<Long> missingPeriods(long periodMillis) {
        List<Long> missing = new ArrayList<>();
        if (!periodEnds.isEmpty()) {
            for (long end = periodEnds.first(); end <= periodEnds.last(); end += periodMillis) {
                if (!periodEnds.contains(end)) {
                    missing.add(end);
                }
            }
        }
        return missing;
    }
}
