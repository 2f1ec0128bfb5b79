package dev.rivulet.pipeline;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.sensors.Reading;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A bus's newest reading, as GTFS-Realtime consumers need it: the batch it came in (a bus silent for
 * {@code stale-after} has no data), and the trip its labels named ({@code trip-labels}). Kept per bus by
 * {@code updateStateByKey}, so checkpoints carry it (tag 19). The batch time, not the reading's own times: batch
 * times come from one clock with the batches they are compared to, whatever the sensor's or the wall clock did.
 *
 * @param batchTime   the batch the reading came in, epoch milliseconds
 * @param tripId      GTFS trip_id, or "" when the reading named none
 * @param routeId     GTFS route_id, or ""
 * @param directionId GTFS direction_id, "0" or "1", or ""
 * @param startDate   the trip's start date, YYYYMMDD, or ""
 */
public record LastReading(long batchTime, String tripId, String routeId, String directionId, String startDate) {

    /** The tag of a {@link LastReading} in a checkpoint (RecordCodec's table). */
    public static final int TAG = 19;

    /**
     * The reading's time and trip. A label that GTFS could not take (a direction other than 0 or 1, a date not
     * YYYYMMDD, a label longer than GTFS ids go) is left out rather than published wrong; the rest of the trip stays.
     */
    static LastReading of(Reading reading, long batchTime, VehicleFeedSettings.TripLabels labels) {
        String direction = label(reading, labels.directionId());
        String date = label(reading, labels.startDate());
        return new LastReading(batchTime, label(reading, labels.tripId()), label(reading, labels.routeId()),
                direction.equals("0") || direction.equals("1") ? direction : "",
                isDate(date) ? date : "");
    }

    /** Whether the label is eight ASCII digits (YYYYMMDD); a regular expression here made a matcher a reading. */
    private static boolean isDate(String label) {
        if (label.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = label.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String label(Reading reading, String name) {
        String value = name == null ? null : reading.label(name);
        return value == null || value.length() > 255 ? "" : value;
    }

    /** The newest of a batch's readings of one bus, or the saved one when the bus sent none. */
    static Optional<LastReading> update(List<LastReading> batch, Optional<LastReading> saved) {
        LastReading newest = saved.orElse(null);
        for (LastReading reading : batch) {
            if (newest == null || reading.batchTime() >= newest.batchTime()) {
                newest = reading;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** Whether the reading names a trip or a route: what a GTFS-Realtime TripDescriptor needs at least. */
    public boolean hasTrip() {
        return !tripId.isEmpty() || !routeId.isEmpty();
    }

    /** Makes {@link LastReading}s checkpointable in {@code codec}: a long, four UTF strings. */
    static RecordCodec registerCodec(RecordCodec codec) {
        return codec.registerBuiltIn(TAG, LastReading.class, new RecordCodec.NestedCodec<>() {
            @Override
            public void write(LastReading last, RecordCodec records, DataOutput out) throws IOException {
                out.writeLong(last.batchTime());
                out.writeUTF(last.tripId());
                out.writeUTF(last.routeId());
                out.writeUTF(last.directionId());
                out.writeUTF(last.startDate());
            }

            @Override
            public LastReading read(RecordCodec records, DataInput in) throws IOException {
                return new LastReading(in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF());
            }
        });
    }
}
