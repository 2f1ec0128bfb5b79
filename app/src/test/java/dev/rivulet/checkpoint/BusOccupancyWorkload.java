package dev.rivulet.checkpoint;

import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The crash test's deterministic source and pipeline: door counts of 12 buses, a running occupancy per bus, a
 * capacity alert (stable id {@code capacity/BUS/BATCHTIME}) when a bus passes 60 riders, and a summary of
 * boardings over a sliding window every 2 s.
 *
 * <p>The readings of a batch depend only on the seed and the batch time, so a restarted worker regenerates
 * exactly the batches it has not run: a replayable source whose position (the batch time) is kept with the
 * state. Each reading carries a sequence number unique in the run; the state sums them, so a reading counted
 * twice or lost changes the final state.
 */
final class BusOccupancyWorkload {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int RECEIVER_CAPACITY = 4096;
    static final int MAX_READINGS_PER_BATCH = 400;
    static final int BUSES = 12;
    static final long THRESHOLD = 60;
    static final long CAPACITY = 80;

    // State per bus: readings, sum of sequence numbers, boardings, alightings, occupancy, occupancy before.
    static final int READINGS = 0;
    static final int SEQUENCE_SUM = 1;
    private static final int BOARDINGS = 2;
    private static final int ALIGHTINGS = 3;
    private static final int OCCUPANCY = 4;
    private static final int BEFORE = 5;

    private BusOccupancyWorkload() {
    }

    /** The readings of the batch at {@code batchTime}: at most 400, some batches empty. */
    static List<Reading> readings(long seed, long batchTime) {
        long k = batchTime / INTERVAL.toMillis() - 1;
        Random random = new Random(seed * 1_000_003L + k);
        int count = random.nextInt(20) == 0 ? 0 : random.nextInt(MAX_READINGS_PER_BATCH + 1);
        // Buses fill up for 20 batches, then empty for 20, so each passes the threshold now and then.
        boolean filling = (k / 20) % 2 == 0;
        List<Reading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int in = filling ? random.nextInt(4) : random.nextInt(2);
            int out = filling ? random.nextInt(2) : random.nextInt(4);
            readings.add(Reading.of("doors", bus(random.nextInt(BUSES)), batchTime, batchTime,
                    Map.of("in", (double) in, "out", (double) out, "seq", (double) (k * 1000 + i))));
        }
        return readings;
    }

    private static String bus(int index) {
        return String.format("bus%02d", index);
    }

    /** Per bus, {readings, sum of sequence numbers} over the first {@code batches} batches: what must be counted. */
    static Map<String, List<Long>> expectedCounts(long seed, int batches) {
        Map<String, List<Long>> counts = new TreeMap<>();
        for (int k = 0; k < batches; k++) {
            for (Reading reading : readings(seed, (k + 1) * INTERVAL.toMillis())) {
                List<Long> sum = counts.getOrDefault(reading.key(), List.of(0L, 0L));
                counts.put(reading.key(), List.of(sum.get(0) + 1, sum.get(1) + (long) reading.value("seq")));
            }
        }
        return counts;
    }

    /** Builds the pipeline on {@code context}; alerts and summaries go to {@code outbox}. */
    static ReceiverInputDStream<Reading> pipeline(StreamingContext context, OutboxBuffer outbox) {
        ReceiverInputDStream<Reading> doors = context.receiverStream("doors", RECEIVER_CAPACITY);
        PairDStream<String, List<Long>> occupancy = doors
                .mapToPair(r -> Pair.of(r.key(), List.of(1L, (long) r.value("seq"), (long) r.value("in"),
                        (long) r.value("out"))))
                .reduceByKey(BusOccupancyWorkload::addElementwise)
                .updateStateByKey(BusOccupancyWorkload::update);
        occupancy.filter(bus -> bus.value().get(OCCUPANCY) > THRESHOLD && bus.value().get(BEFORE) <= THRESHOLD)
                .foreachBatch(batch -> batch.forEach(bus -> outbox.add(capacityAlert(bus, batch.time()))));
        // A slide of two batches: which batches emit depends on the zero time, which recovery must restore.
        doors.mapToPair(r -> Pair.of(r.key(), (long) r.value("in")))
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, INTERVAL.multipliedBy(6), INTERVAL.multipliedBy(2))
                .foreachBatch(batch -> outbox.add(summary(batch.time(), batch.records())));
        return doors;
    }

    private static List<Long> addElementwise(List<Long> a, List<Long> b) {
        List<Long> sum = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i) + b.get(i));
        }
        return sum;
    }

    private static Optional<List<Long>> update(List<List<Long>> values, Optional<List<Long>> previous) {
        List<Long> state = previous.orElse(List.of(0L, 0L, 0L, 0L, 0L, 0L));
        long readings = state.get(READINGS);
        long sequences = state.get(SEQUENCE_SUM);
        long in = 0;
        long out = 0;
        for (List<Long> value : values) {
            readings += value.get(0);
            sequences += value.get(1);
            in += value.get(2);
            out += value.get(3);
        }
        long before = state.get(OCCUPANCY);
        long now = Math.max(0, Math.min(CAPACITY, before + in - out));
        return Optional.of(List.of(readings, sequences, state.get(BOARDINGS) + in, state.get(ALIGHTINGS) + out,
                now, before));
    }

    private static OutboxMessage capacityAlert(Pair<String, List<Long>> bus, long batchTime) {
        String id = "capacity/" + bus.key() + "/" + batchTime;
        String json = "{\"id\":\"" + id + "\",\"bus\":\"" + bus.key() + "\",\"occupancy\":"
                + bus.value().get(OCCUPANCY) + ",\"batch\":" + batchTime + "}";
        return new OutboxMessage(id, "alerts/capacity/" + bus.key(), json.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static OutboxMessage summary(long batchTime, List<Pair<String, Long>> boardings) {
        String id = "boardings6s/" + batchTime;
        StringBuilder json = new StringBuilder("{\"id\":\"" + id + "\",\"boardings\":{");
        new TreeMap<>(toMap(boardings)).forEach((bus, count) ->
                json.append('"').append(bus).append("\":").append(count).append(','));
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        json.append("}}");
        return new OutboxMessage(id, "summaries/boardings", json.toString().getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static Map<String, Long> toMap(List<Pair<String, Long>> pairs) {
        Map<String, Long> map = new TreeMap<>();
        pairs.forEach(pair -> map.put(pair.key(), pair.value()));
        return map;
    }
}
