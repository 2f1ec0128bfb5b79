package dev.rivulet.gateway;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.rivulet.config.SourceSettings;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.SourceCounters;
import dev.rivulet.sensors.gpio.EdgeCounterSource;
import dev.rivulet.sensors.gpio.GpioContexts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code type: gpio} source: beam counters on pins, each pin counting one field for one key, e.g. pin 17
 * boardings and pin 27 alightings of bus-12. The edge counts become readings with that key and every
 * configured field (0 for the others), so a bus-occupancy pipeline reads beams and door counters alike.
 */
final class BeamCounters implements Source {

    private final EdgeCounterSource pins;
    private final Map<String, SourceSettings.Pin> byName = new HashMap<>();
    private final ReadingSchema schema;
    private final List<String> fields;

    BeamCounters(SourceSettings source, Duration batchInterval) {
        this(source, batchInterval, GpioContexts.open(source.gpio().provider()));
    }

    /** On a given Pi4J context: tests pass one built with Pi4J's mock provider. */
    BeamCounters(SourceSettings source, Duration batchInterval, Context pi4j) {
        List<EdgeCounterSource.Pin> pinList = new ArrayList<>();
        fields = new ArrayList<>();
        for (SourceSettings.Pin pin : source.gpio().pins()) {
            String name = "gpio" + pin.pin();
            byName.put(name, pin);
            if (!fields.contains(pin.field())) {
                fields.add(pin.field());
            }
            pinList.add(new EdgeCounterSource.Pin(name, pin.pin(), switch (pin.pull()) {
                case "down" -> PullResistance.PULL_DOWN;
                case "off" -> PullResistance.OFF;
                default -> PullResistance.PULL_UP;
            }, pin.debounce(), EdgeCounterSource.Edge.valueOf(pin.edge().toUpperCase(java.util.Locale.ROOT))));
        }
        schema = ReadingSchema.of(fields.toArray(String[]::new));
        pins = new EdgeCounterSource(source.name(), pi4j, pinList,
                batchInterval, System::currentTimeMillis);
    }

    @Override
    public String name() {
        return pins.name();
    }

    @Override
    public void start(ReadingSink sink, DeadLetterSink deadLetters) {
        pins.start((reading, ack) -> {
            SourceSettings.Pin pin = byName.get(reading.key());
            double[] values = new double[fields.size()];
            values[fields.indexOf(pin.field())] = reading.value("count");
            sink.push(new Reading(reading.source(), pin.key(), reading.eventTime(), reading.arrivalTime(), schema,
                    values, null), ack);
        }, deadLetters);
    }

    /** Emits the counts now instead of at the next interval (tests). */
    void emitNow() throws InterruptedException {
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
