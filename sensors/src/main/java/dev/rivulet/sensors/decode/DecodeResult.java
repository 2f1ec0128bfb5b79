package dev.rivulet.sensors.decode;

import dev.rivulet.sensors.Reading;

import java.util.ArrayList;
import java.util.List;

/** What one message decoded into: readings and refused parts. Reused by one thread: call {@link #clear()} between messages. */
public final class DecodeResult {
    /** A refused payload or part of one (a CSV line), with the reason. */
    public record Rejection(byte[] raw, String reason) { }

    private final List<Reading> readings = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();

    public void add(Reading reading) {
        readings.add(reading);
    }

    public void reject(byte[] raw, String reason) {
        rejections.add(new Rejection(raw, reason));
    }

    public List<Reading> readings() {
        return readings;
    }

    public List<Rejection> rejections() {
        return rejections;
    }

    public void clear() {
        readings.clear();
        rejections.clear();
    }
}
