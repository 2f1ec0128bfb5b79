package dev.rivulet.replay;

import dev.rivulet.sensors.recording.RecordedMessage;
import dev.rivulet.sensors.recording.RecordingWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * A seeded history of three buses' door counters, week after week from Monday 2 November 2026 in Berlin: every
 * quarter hour each bus reports the boardings and alightings that bring it to its load for the hour — nearly empty
 * at night, 50 to 57 of 60 seats in the weekday rushes (7–9 and 16–18), 15 to 25 otherwise, 10 at weekends, with
 * a few passengers of noise. In {@link #UNUSUAL_WEEK}, on Wednesday from {@link #UNUSUAL_FROM} to
 * {@link #UNUSUAL_TO} local time, bus-2 carries 56 instead: the one unusual stretch of the whole history.
 */
public final class SeededWeeks {

    /** The zone of the history. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    /** Monday 2 November 2026, 00:00 in Berlin. */
    public static final ZonedDateTime START = ZonedDateTime.of(2026, 11, 2, 0, 0, 0, 0, ZONE);
    /** The week (from 0) with the unusual day. */
    public static final int UNUSUAL_WEEK = 3;
    /** The unusual stretch: bus-2 from 11:00 to 13:00 on that week's Wednesday. */
    public static final int UNUSUAL_FROM = 11;
    public static final int UNUSUAL_TO = 13;
    /** The bus that is unusual. */
    public static final String UNUSUAL_BUS = "bus-2";
    private static final List<String> BUSES = List.of("bus-1", "bus-2", "bus-3");

    private SeededWeeks() {
    }

    /** The messages of weeks {@code from} (inclusive) to {@code to} (exclusive), in time order. */
    public static List<RecordedMessage> weeks(int from, int to) {
        List<RecordedMessage> messages = new ArrayList<>();
        int[] onBoard = new int[BUSES.size()];
        // One random stream for the whole history, so a week's noise does not depend on which weeks are asked for.
        Random noise = new Random(22);
        for (ZonedDateTime quarter = START; quarter.isBefore(START.plusWeeks(to)); quarter = quarter.plusMinutes(15)) {
            int week = (int) (Duration.between(START, quarter).toDays() / 7);
            for (int bus = 0; bus < BUSES.size(); bus++) {
                int target = Math.max(0, usual(quarter) + noise.nextInt(5) - 2);
                if (week == UNUSUAL_WEEK && BUSES.get(bus).equals(UNUSUAL_BUS) && unusual(quarter)) {
                    target = 56;
                }
                int in = Math.max(0, target - onBoard[bus]);
                int out = Math.max(0, onBoard[bus] - target);
                onBoard[bus] = target;
                if (week >= from) {
                    long time = quarter.toInstant().toEpochMilli() + 30_000 + bus * 1000L;
                    messages.add(new RecordedMessage(time, "buses/" + BUSES.get(bus) + "/door",
                            ("{\"in\":" + in + ",\"out\":" + out + "}").getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return messages;
    }

    /** Whether {@code time} is in the unusual stretch of a Wednesday. */
    static boolean unusual(ZonedDateTime time) {
        return time.getDayOfWeek() == DayOfWeek.WEDNESDAY && time.getHour() >= UNUSUAL_FROM && time.getHour() < UNUSUAL_TO;
    }

    /** The unusual week's Wednesday at {@code hour}:00 in Berlin, as epoch ms. */
    public static long unusualDayAt(int hour) {
        return START.plusWeeks(UNUSUAL_WEEK).plusDays(2).withHour(hour).toInstant().toEpochMilli();
    }

    private static int usual(ZonedDateTime time) {
        int hour = time.getHour();
        boolean weekend = time.getDayOfWeek().getValue() >= 6;
        if (hour < 6) {
            return 2;
        }
        if (weekend) {
            return 10;
        }
        return (hour >= 7 && hour < 9) || (hour >= 16 && hour < 18) ? 54 : 20;
    }

    /** Writes {@code messages} as a recording, gzip when the name ends in .gz. */
    public static Path write(List<RecordedMessage> messages, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OutputStream sink = file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
            RecordingWriter writer = new RecordingWriter(sink);
            for (RecordedMessage message : messages) {
                writer.write(message);
            }
            writer.flush();
            sink.close();
        }
        return file;
    }

    /**
     * A gateway's configuration for the history: door counters over MQTT, batches of 5 minutes, a bus-occupancy
     * pipeline of 60 seats, and a busier-than-usual rule on {@code baseline} whose alerts go to an MQTT output
     * ({@code buses/{key}/busy}).
     */
    public static String config(Path stateDirectory, Path baseline, String broker) {
        return """
                gateway: {id: seeded}
                batch: {interval: 5m}
                storage: {directory: '%s'}
                status: {port: 0}
                brokers:
                  local: {url: '%s', client-id: seeded-local}
                sources:
                  doors:
                    type: mqtt
                    broker: local
                    topics: [buses/+/door]
                    qos: 1
                    decoder: {format: json, key-from-topic: 'buses/+/door', fields: [in, out]}
                pipelines:
                  occupancy:
                    type: bus-occupancy
                    source: doors
                    capacity: 60
                    window: 15m
                    slide: 5m
                alerts:
                  busier:
                    type: busier-than-usual
                    watch: occupancy.load
                    baseline: '%s'
                    margin: 15%%
                    clear-margin: 5%%
                    consecutive: 2
                    quantile: 90%%
                    slot: 1h
                    time-zone: Europe/Berlin
                    min-samples: 24
                    outputs: [display]
                outputs:
                  display: {type: mqtt, broker: local, topic: 'buses/{key}/busy', retained: false}
                """.formatted(stateDirectory, broker, baseline);
    }
}
