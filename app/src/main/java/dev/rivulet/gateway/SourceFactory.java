package dev.rivulet.gateway;

import com.pi4j.io.gpio.digital.PullResistance;
import dev.rivulet.config.RivuletConfig;
import dev.rivulet.config.SourceSettings;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.decode.CsvDecoder;
import dev.rivulet.sensors.directory.DirectorySource;
import dev.rivulet.sensors.gpio.BeamCounters;
import dev.rivulet.sensors.gpio.EdgeCounterSource;
import dev.rivulet.sensors.socket.SocketLineSource;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.JsonDecoder;
import dev.rivulet.sensors.decode.NumberDecoder;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.mqtt.MqttSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the {@code sources} of a configuration into the sensors module's sources. */
final class SourceFactory {

    private final RivuletConfig config;

    SourceFactory(RivuletConfig config) {
        this.config = config;
    }

    Source create(SourceSettings source) {
        return switch (source.type()) {
            case "mqtt" -> new MqttSource(source.name(), config.brokers().get(source.mqtt().broker()).mqtt(source.name())
                    .topics(source.mqtt().topics()).qos(source.mqtt().qos()).persistentSession(source.mqtt().qos() == 1)
                    .bufferCapacity(source.buffer()), decoder(source));
            case "simulator" -> Simulators.source(source);
            case "gpio" -> new BeamCounters(source.name(), source.gpio().provider(), beams(source), config.batchInterval());
            case "socket" -> new SocketLineSource(source.name(), source.socket().host(), source.socket().port(),
                    decoder(source), 64 * 1024, System::currentTimeMillis);
            case "directory" -> new DirectorySource(source.name(), Path.of(source.directory().path()), decoder(source),
                    Duration.ofSeconds(1), 64L * 1024 * 1024, false, System::currentTimeMillis);
            default -> throw new IllegalArgumentException("sources." + source.name() + ": unknown type " + source.type());
        };
    }

    /** The beams of a {@code type: gpio} source. */
    static List<BeamCounters.Beam> beams(SourceSettings source) {
        List<BeamCounters.Beam> beams = new ArrayList<>();
        for (SourceSettings.Pin pin : source.gpio().pins()) {
            beams.add(new BeamCounters.Beam(pin.pin(), pin.key(), pin.field(), switch (pin.pull()) {
                case "down" -> PullResistance.PULL_DOWN;
                case "off" -> PullResistance.OFF;
                default -> PullResistance.PULL_UP;
            }, pin.debounce(), EdgeCounterSource.Edge.valueOf(pin.edge().toUpperCase(Locale.ROOT))));
        }
        return beams;
    }

    private static PayloadDecoder decoder(SourceSettings source) {
        SourceSettings.Decoder d = source.decoder();
        DecodeLimits limits = DecodeLimits.DEFAULT.withMaxMagnitude(d.maxMagnitude());
        return switch (d.format()) {
            case "number" -> new NumberDecoder(source.name(), d.field(), d.keyFromTopic(), limits);
            case "csv" -> new CsvDecoder(source.name(), d.columns(), ',', d.keyFromTopic(), limits);
            default -> {
                JsonDecoder.Builder json = JsonDecoder.builder(source.name()).timeField(d.time()).limits(limits);
                if (d.keyFromTopic() != null) {
                    json.keyPattern(d.keyFromTopic());
                } else {
                    json.keyField(d.key());
                }
                d.fields().forEach(json::field);
                d.labels().forEach(label -> json.label(label, label));
                yield json.build();
            }
        };
    }
}
