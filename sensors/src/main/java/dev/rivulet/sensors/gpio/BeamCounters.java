package dev.rivulet.sensors.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.SourceCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Beam counters on pins, each pin counting one field for one key, e.g. pin 17 boardings and pin 27 alightings of
 * bus-12. The edge counts become readings with that key and every beam's field (0 for the others), so a
 * bus-occupancy pipeline reads beams and door counters alike.
 */
public final class BeamCounters implements Source {

    /**
     * One beam: BCM pin {@code pin} counts {@code field} of {@code key}.
     *
     * @param debounce edges closer together than this are one
     * @param edge     which transitions count
     */
    public record Beam(int pin, String key, String field, PullResistance pull, Duration debounce,
                       EdgeCounterSource.Edge edge) {
        public Beam {
            Objects.requireNonNull(key, "gpio.pins." + pin + ".key");
            Objects.requireNonNull(field, "gpio.pins." + pin + ".field");
        }
    }

    private final EdgeCounterSource pins;
    private final Map<String, Beam> byName = new HashMap<>();
    private final ReadingSchema schema;
    private final List<String> fields;

    /** Beams on the pins of Pi4J provider {@code provider} ({@link GpioContexts#open}). */
    public BeamCounters(String name, String provider, List<Beam> beams, Duration batchInterval) {
        this(name, GpioContexts.open(provider), beams, batchInterval);
    }

    /** On a given Pi4J context: tests pass one built with Pi4J's mock provider. */
    public BeamCounters(String name, Context pi4j, List<Beam> beams, Duration batchInterval) {
        List<EdgeCounterSource.Pin> pinList = new ArrayList<>();
        fields = new ArrayList<>();
        for (Beam beam : beams) {
            String pinName = "gpio" + beam.pin();
            byName.put(pinName, beam);
            if (!fields.contains(beam.field())) {
                fields.add(beam.field());
            }
            pinList.add(new EdgeCounterSource.Pin(pinName, beam.pin(), beam.pull(), beam.debounce(), beam.edge()));
        }
        schema = ReadingSchema.of(fields.toArray(String[]::new));
        pins = new EdgeCounterSource(name, pi4j, pinList, batchInterval, System::currentTimeMillis);
    }

    @Override
    public String name() {
        return pins.name();
    }

    @Override
    public void start(ReadingSink sink, DeadLetterSink deadLetters) {
        pins.start((reading, ack) -> {
            Beam beam = byName.get(reading.key());
            double[] values = new double[fields.size()];
            values[fields.indexOf(beam.field())] = reading.value("count");
            sink.push(new Reading(reading.source(), beam.key(), reading.eventTime(), reading.arrivalTime(), schema,
                    values, null), ack);
        }, deadLetters);
    }

    /** Emits the counts now instead of at the next interval (tests). */
    public void emitNow() throws InterruptedException {
        pins.emitCounts();
    }

    @Override
    public void close() {
        pins.close();
    }

    @Override
    public SourceCounters counters() {
        return pins.counters();
    }
}
