package dev.rivulet.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded set of door-counter readings for the appliance crash test, and what a gateway that counts each
 * exactly once must end with. Every reading boards one to three more passengers than alight, so occupancy only
 * grows: it never reaches the clamp at 0 in any order of arrival, and one reading lost or counted twice changes
 * its bus's final occupancy (and its boardings).
 *
 * @param readings the readings in publishing order
 */
record DoorCounts(List<Door> readings) {

    /** One door event of one bus: a JSON line as a door counter publishes it. */
    record Door(String bus, int in, int out, String stop) {

        String json() {
            return "{\"bus\":\"" + bus + "\",\"in\":" + in + ",\"out\":" + out + ",\"stop\":\"" + stop + "\"}";
        }
    }

    /** {@code count} readings spread at random over {@code buses} buses. */
    static DoorCounts generate(Random random, int count, int buses) {
        List<Door> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int out = random.nextInt(4);
            readings.add(new Door("bus-%02d".formatted(1 + random.nextInt(buses)), out + 1 + random.nextInt(3), out,
                    "S" + (1 + random.nextInt(9))));
        }
        return new DoorCounts(List.copyOf(readings));
    }

    /** Per bus, passengers on board at the end. */
    Map<String, Long> occupancy() {
        Map<String, Long> occupancy = new TreeMap<>();
        readings.forEach(door -> occupancy.merge(door.bus(), (long) (door.in() - door.out()), Long::sum));
        return occupancy;
    }

    /** Per bus, the sum of boardings. */
    Map<String, Long> boardings() {
        Map<String, Long> boardings = new TreeMap<>();
        readings.forEach(door -> boardings.merge(door.bus(), (long) door.in(), Long::sum));
        return boardings;
    }

    /** Per bus, the sum of alightings. */
    Map<String, Long> alightings() {
        Map<String, Long> alightings = new TreeMap<>();
        readings.forEach(door -> alightings.merge(door.bus(), (long) door.out(), Long::sum));
        return alightings;
    }

    /** Per stop, [boardings, alightings] over every reading. */
    Map<String, List<Long>> stops() {
        Map<String, long[]> sums = new TreeMap<>();
        readings.forEach(door -> {
            long[] sum = sums.computeIfAbsent(door.stop(), stop -> new long[2]);
            sum[0] += door.in();
            sum[1] += door.out();
        });
        Map<String, List<Long>> stops = new TreeMap<>();
        sums.forEach((stop, sum) -> stops.put(stop, List.of(sum[0], sum[1])));
        return stops;
    }

    /** The readings in lists of at most {@code size}, in order: what one {@code mosquitto_pub -l} publishes. */
    List<List<Door>> chunks(int size) {
        List<List<Door>> chunks = new ArrayList<>();
        for (int from = 0; from < readings.size(); from += size) {
            chunks.add(readings.subList(from, Math.min(readings.size(), from + size)));
        }
        return chunks;
    }
}
