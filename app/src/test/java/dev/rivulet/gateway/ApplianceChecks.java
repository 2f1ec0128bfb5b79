package dev.rivulet.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * What the appliance crash test requires at the end, against the readings it published. Each check adds at most
 * one problem, naming every bus it concerns with what was found and what was expected, so that one failure
 * message says all that went wrong.
 */
final class ApplianceChecks {

    /** How a gateway's log says it threw its state away: "moving it aside", "moved … aside". */
    static final Pattern MOVED_ASIDE = Pattern.compile("(?i)\\bmov(ing|ed)\\b.*\\baside\\b");
    static final String ENGINE_STOPPED = "the streaming engine stopped";
    /** A bus in a summary with its readings rejected per rule: {"bus":"bus-07", … "rejected":{"jump-over-crush-load":11}. */
    private static final Pattern REJECTED = Pattern.compile("\\{\"bus\":\"([^\"]+)\"[^{}]*\"rejected\":\\{([^{}]+)}");

    private final DoorCounts doors;
    private final List<String> problems = new ArrayList<>();

    ApplianceChecks(DoorCounts doors) {
        this.doors = doors;
    }

    void add(String problem) {
        problems.add(problem);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Every bus's occupancy in {@code /api/status} is exact. */
    void occupancy(Map<String, Object> status) {
        Map<String, Long> actual = occupancyOf(status);
        List<String> wrong = new ArrayList<>();
        doors.occupancy().forEach((bus, expected) -> {
            Long occupancy = actual.get(bus);
            if (!expected.equals(occupancy)) {
                wrong.add(bus + " " + (occupancy == null ? "absent" : occupancy) + " (expected " + expected + ")");
            }
        });
        perBus("occupancy in /api/status wrong", wrong);
    }

    /**
     * Every reading counted once in the summaries upstream, per bus and per stop, and every period from the first to the
     * last there.
     */
    void summaries(UpstreamSummaries summaries, long periodMillis) {
        sums("boardings", doors.boardings(), summaries.boardings());
        sums("alightings", doors.alightings(), summaries.alightings());
        if (!doors.stops().equals(summaries.stops())) {
            problems.add("boardings and alightings per stop summed over the summaries upstream wrong: " + summaries.stops()
                    + " (expected " + doors.stops() + ")");
        }
        if (summaries.periodEnds().isEmpty()) {
            problems.add("no summary reached the central broker");
        }
        List<Long> missing = summaries.missingPeriods(periodMillis);
        if (!missing.isEmpty()) {
            problems.add(missing.size() + " summary periods missing upstream between " + summaries.periodEnds().first()
                    + " and " + summaries.periodEnds().last() + " (period ends, epoch ms): " + abbreviate(missing));
        }
        problems.addAll(summaries.malformed());
    }

    private void sums(String what, Map<String, Long> published, Map<String, Long> summed) {
        List<String> wrong = new ArrayList<>();
        published.forEach((bus, count) -> {
            long sum = summed.getOrDefault(bus, 0L);
            if (sum != count) {
                wrong.add(bus + " " + sum + " (published " + count
                        + (sum > count ? ", " + (sum - count) + " counted twice" : ", " + (count - sum) + " lost") + ")");
            }
        });
        perBus(what + " summed over the summaries upstream wrong", wrong);
    }

    /**
     * A message id twice is allowed only as the documented re-send: the message in flight when the gateway or the
     * central broker went down, published again first, so it arrives right after itself with the same payload.
     * Copies the central broker re-delivers to its consumer (DUP flag) are the broker's doing and not counted.
     *
     * @param interruptions kills and restarts of the gateway and the central broker: at most one re-send each
     * @return the re-sends
     */
    int noMessageTwice(List<UpstreamCollector.Message> messages, int interruptions) {
        Set<String> seen = new HashSet<>();
        UpstreamCollector.Message previous = null;
        int resends = 0;
        for (UpstreamCollector.Message message : messages) {
            String id = message.id();
            if (id == null) {
                problems.add("a message without an id on " + message.topic() + ": " + message.payload());
                continue;
            }
            if (!seen.add(id)) {
                if (message.redelivered()) {
                    continue;
                }
                if (previous != null && id.equals(previous.id()) && message.payload().equals(previous.payload())) {
                    resends++;
                } else {
                    problems.add(id + " arrived twice, and not as the re-send of the message in flight at a kill or"
                            + " restart (it was queued twice, or changed): " + message.payload());
                }
            }
            previous = message;
        }
        if (resends > interruptions) {
            problems.add(resends + " messages re-sent for " + interruptions + " kills and restarts: at most one each");
        }
        return resends;
    }

    /**
     * No reading refused by the pipeline's own rules (the summaries carry each bus's counts per rule): the test's
     * readings are all plausible, so a rejection means its data or capacity broke a rule, not that the gateway
     * lost a reading; said apart from the counts it makes wrong.
     */
    void noReadingRejected(List<UpstreamCollector.Message> messages) {
        Map<String, String> rejected = new TreeMap<>();
        for (UpstreamCollector.Message message : messages) {
            Matcher matcher = REJECTED.matcher(message.payload());
            while (matcher.find()) {
                rejected.put(matcher.group(1), matcher.group(2));
            }
        }
        List<String> wrong = new ArrayList<>();
        rejected.forEach((bus, rules) -> wrong.add(bus + " {" + rules + "}"));
        perBus("readings rejected by the pipeline's plausibility rules (the test's data or capacity broke one)", wrong);
    }

    /** Occupancy only grows, past every bus's capacity: each bus's alert is raised once upstream, never cleared. */
    void alerts(List<UpstreamCollector.Message> messages) {
        Map<String, Set<String>> idsByBus = alertIdsByBus(messages);
        List<String> wrong = new ArrayList<>();
        for (String bus : doors.occupancy().keySet()) {
            Set<String> ids = idsByBus.getOrDefault(bus, Set.of());
            if (ids.size() != 1 || !ids.iterator().next().endsWith("/raised")) {
                wrong.add(bus + " " + ids);
            }
        }
        perBus("not exactly one raised alert upstream", wrong);
    }

    /** The ids of the alerts upstream, by bus: {@code near-capacity/bus-02/1796671373500/raised}. */
    static Map<String, Set<String>> alertIdsByBus(List<UpstreamCollector.Message> messages) {
        Map<String, Set<String>> idsByBus = new TreeMap<>();
        for (UpstreamCollector.Message message : messages) {
            if (message.topic().endsWith("/alerts") && message.id() != null) {
                idsByBus.computeIfAbsent(message.id().split("/")[1], bus -> new TreeSet<>()).add(message.id());
            }
        }
        return idsByBus;
    }

    /** The driver's display topic of every bus holds its raised alert, retained on the local broker. */
    void displays(String localBrokerUrl) throws MqttException, InterruptedException {
        Map<String, String> shown = new ConcurrentHashMap<>();
        CountDownLatch all = new CountDownLatch(doors.occupancy().size());
        MqttClient display = new MqttClient(localBrokerUrl, "crash-test-display", new MemoryPersistence());
        try {
            display.connect();
            IMqttMessageListener listener = (topic, message) -> {
                shown.put(topic.split("/")[1], new String(message.getPayload(), StandardCharsets.UTF_8));
                all.countDown();
            };
            // The array form: Paho 1.2.5's subscribe(String, int, listener) calls itself until the stack overflows.
            display.subscribe(new MqttSubscription[] {new MqttSubscription("buses/+/alert", 1)},
                    new IMqttMessageListener[] {listener});
            all.await(10, TimeUnit.SECONDS);
            display.disconnect();
        } finally {
            display.close(true);
        }
        List<String> wrong = new ArrayList<>();
        for (String bus : doors.occupancy().keySet()) {
            String alert = shown.get(bus);
            if (alert == null || !alert.contains("\"state\":\"raised\"")) {
                wrong.add(bus + " " + (alert == null ? "(nothing retained)" : alert));
            }
        }
        perBus("the display topic buses/BUS/alert does not hold the raised alert (retained)", wrong);
    }

    /**
     * No state moved aside (no {@code *.incompatible-*} file, no log line saying so), no state loss found at a start
     * (a SIGKILL must never look like one: {@code rivulet.db.state} may lag behind the database, never lead it), no
     * engine stop logged.
     */
    void stateKept(Path stateDirectory, List<String> log) throws IOException {
        try (var files = Files.list(stateDirectory)) {
            List<String> aside = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.contains(".incompatible-") || n.contains(".lost-")).toList();
            if (!aside.isEmpty()) {
                problems.add("state moved aside in the state directory: " + aside);
            }
        }
        List<String> said = log.stream().filter(line -> MOVED_ASIDE.matcher(line).find()).toList();
        if (!said.isEmpty()) {
            problems.add("the gateway moved its state aside " + said.size() + " times; first: " + said.get(0));
        }
        List<String> lost = log.stream().filter(line -> line.contains("state lost")).toList();
        if (!lost.isEmpty()) {
            problems.add("a start found state lost " + lost.size() + " times; first: " + lost.get(0));
        }
        List<String> stopped = log.stream().filter(line -> line.contains(ENGINE_STOPPED)).toList();
        if (!stopped.isEmpty()) {
            problems.add("the streaming engine stopped " + stopped.size() + " times; first: " + stopped.get(0));
        }
    }

    /** Per stop, boardings and alightings over the pipeline's window as {@code /api/status} shows them: every reading once. */
    void stops(Map<String, Object> status, String pipeline) {
        Map<String, List<Long>> actual = stopsOf(status, pipeline);
        if (!doors.stops().equals(actual)) {
            problems.add("boardings and alightings per stop in /api/status wrong: " + actual + " (expected "
                    + doors.stops() + ")");
        }
    }

    /**
     * Per stop, [boardings, alightings] of {@code pipeline} in an {@code /api/status} document; null when it shows no
     * stops for that pipeline (none computed yet).
     */
    @SuppressWarnings("unchecked")
    static Map<String, List<Long>> stopsOf(Map<String, Object> status, String pipeline) {
        if (!(status.get("stops") instanceof Map<?, ?> pipelines && pipelines.get(pipeline) instanceof Map<?, ?> window)) {
            return null;
        }
        Map<String, List<Long>> stops = new TreeMap<>();
        for (Map<String, Object> stop : (List<Map<String, Object>>) window.get("stops")) {
            stops.put((String) stop.get("id"), List.of((Long) stop.get("boardings"), (Long) stop.get("alightings")));
        }
        return stops;
    }

    /** Per bus, the occupancy in an {@code /api/status} document (empty when there is none). */
    static Map<String, Long> occupancyOf(Map<String, Object> status) {
        Map<String, Long> occupancy = new TreeMap<>();
        if (status.get("buses") instanceof List<?> buses) {
            for (Object bus : buses) {
                if (bus instanceof Map<?, ?> b && b.get("occupancy") instanceof Number n) {
                    occupancy.put(String.valueOf(b.get("id")), n.longValue());
                }
            }
        }
        return occupancy;
    }

    private void perBus(String what, List<String> buses) {
        if (!buses.isEmpty()) {
            problems.add(what + " on " + buses.size() + " of " + doors.occupancy().size() + " buses: "
                    + String.join(", ", buses));
        }
    }

    private static String abbreviate(List<Long> values) {
        return values.size() <= 20 ? values.toString()
                : values.subList(0, 20).toString().replace("]", ", … " + (values.size() - 20) + " more]");
    }
}
