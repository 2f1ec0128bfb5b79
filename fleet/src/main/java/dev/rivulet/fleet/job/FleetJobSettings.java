package dev.rivulet.fleet.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's command line, {@code --key value} pairs, every key declared once here with its default and meaning.
 * {@link #parse} reports every problem at once, each with the key, the bad value and the fix.
 */
public record FleetJobSettings(String kafka, String summariesTopic, String alertsTopic, String outboxDroppedTopic,
                               String output, String checkpoint, String vehiclePositions, String routes,
                               Duration trigger, Duration dedupeHorizon, int silentPeriods, long maxOffsetsPerTrigger) {

    /** A key: its name, default (null when required) and meaning, for {@code --help} and for the messages. */
    record Key(String name, String defaultValue, String meaning) {
    }

    static final List<Key> KEYS = List.of(
            new Key("kafka", null, "Kafka bootstrap servers, host:port[,host:port]"),
            new Key("summaries-topic", "rivulet.summaries", "the connector's Kafka topic of summaries"),
            new Key("alerts-topic", "rivulet.alerts", "the connector's Kafka topic of gateway alerts"),
            new Key("outbox-dropped-topic", "rivulet.outbox-dropped", "the connector's Kafka topic of outbox-dropped reports"),
            new Key("output", null, "directory (any Hadoop file system: hdfs://, s3a://, file:) of the Parquet tables"),
            new Key("checkpoint", null, "the query's checkpoint directory (Hadoop file system; keep it with the output)"),
            new Key("vehicle-positions", null, "the GTFS-Realtime VehiclePositions file, on the driver's local disk"),
            new Key("routes", "", "CSV file bus,route (with that header) naming each bus's route; none when empty"),
            new Key("trigger", "60s", "how often a micro-batch starts (s, min); the views are that fresh"),
            new Key("dedupe-horizon", "2h", "how long a message id is remembered: a repeat reaching Kafka later counts again"),
            new Key("silent-periods", "3", "a gateway that sent no summary for this many of its periods is reported silent"),
            new Key("max-offsets-per-trigger", "0", "records one micro-batch takes at most (0: all available)"));

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|min|h)");

    /** The settings from {@code args}; throws with every problem listed. */
    public static FleetJobSettings parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : null;
            if (name == null || KEYS.stream().noneMatch(k -> k.name.equals(name))) {
                problems.add(arg + ": not a setting; the settings are " + KEYS.stream().map(k -> "--" + k.name).toList());
                if (name != null && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    i++;
                }
            } else if (i + 1 == args.length) {
                problems.add(arg + ": needs a value after it");
            } else {
                given.put(name, args[++i]);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Key key : KEYS) {
            String value = given.getOrDefault(key.name, key.defaultValue);
            if (value == null || (key.defaultValue == null && value.isBlank())) {
                problems.add("--" + key.name + " is required: " + key.meaning);
            }
            values.put(key.name, value);
        }
        Duration trigger = duration(values, "trigger", problems);
        Duration horizon = duration(values, "dedupe-horizon", problems);
        long silent = number(values, "silent-periods", 1, problems);
        long maxOffsets = number(values, "max-offsets-per-trigger", 0, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the fleet job's settings: " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + "\n  " + String.join("\n  ", problems));
        }
        return new FleetJobSettings(values.get("kafka"), values.get("summaries-topic"), values.get("alerts-topic"),
                values.get("outbox-dropped-topic"), values.get("output"), values.get("checkpoint"),
                values.get("vehicle-positions"), values.get("routes"), trigger, horizon, (int) silent, maxOffsets);
    }

    private static Duration duration(Map<String, String> values, String key, List<String> problems) {
        String value = values.get(key);
        Matcher m = DURATION.matcher(value == null ? "" : value);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            problems.add("--" + key + " " + value + ": not a duration; write a positive number with ms, s, min or h, such as 60s");
            return Duration.ZERO;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "min" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static long number(Map<String, String> values, String key, long least, List<String> problems) {
        String value = values.get(key);
        try {
            long n = Long.parseLong(value);
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("--" + key + " " + value + ": write a whole number of at least " + least);
        return least;
    }

    /** The settings as a command line, for {@code --help}. */
    static String usage() {
        StringBuilder text = new StringBuilder("spark-submit --class dev.rivulet.fleet.job.FleetJob rivulet-fleet.jar SETTINGS\n");
        for (Key key : KEYS) {
            text.append(String.format("  --%-24s %s%s%n", key.name, key.meaning,
                    key.defaultValue == null ? " (required)" : key.defaultValue.isEmpty() ? "" : " (default " + key.defaultValue + ")"));
        }
        return text.toString();
    }

    /** The three topics, comma-separated, as Spark's Kafka source subscribes to them. */
    String topics() {
        return summariesTopic + "," + alertsTopic + "," + outboxDroppedTopic;
    }
}
