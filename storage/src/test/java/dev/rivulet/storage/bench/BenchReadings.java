package dev.rivulet.storage.bench;

import dev.rivulet.storage.LogRecord;
import dev.rivulet.storage.codec.Codec;
import dev.rivulet.storage.codec.Codecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Realistic readings for the benchmark: sensor name, timestamp and value, encoded with the storage codecs as
 * the app would; 46 bytes each.
 */
final class BenchReadings {

    /** Sensor name, then timestamp and value. */
    private static final Codec<Map.Entry<String, Map.Entry<Long, Double>>> READING =
            Codecs.entryOf(Codecs.STRING, Codecs.entryOf(Codecs.LONG, Codecs.DOUBLE));

    private BenchReadings() {
    }

    static byte[] reading(int sensor, long timestamp, double value) {
        return READING.encode(Map.entry(String.format("bus-%03d/door-%d/temperature", sensor % 1000, sensor % 10),
                Map.entry(timestamp, value)));
    }

    /** One block of {@code size} readings of batch {@code batchTime}. */
    static List<LogRecord> block(long batchTime, int size) {
        List<LogRecord> block = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            block.add(new LogRecord(batchTime, reading(i, batchTime + i, 20.0 + i % 70 / 10.0)));
        }
        return block;
    }

    static long payloadBytes(List<LogRecord> block) {
        return block.stream().mapToLong(record -> record.payload().length).sum();
    }
}
