package dev.rivulet.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.rivulet.configfile.ConfigLoader;
import dev.rivulet.configfile.RivuletConfig;
import dev.rivulet.ingest.ReceiverSink;
import dev.rivulet.pipeline.BusOccupancy;
import dev.rivulet.pipeline.BusOccupancyPipeline;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.gpio.BeamCounters;
import dev.rivulet.sources.GpioInput;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Beam counters on GPIO pins (Pi4J's mock provider, built explicitly) feed the occupancy pipeline like door counters. */
class BeamCountersTest {

    private final Context pi4j = Pi4J.newContextBuilder()
            .add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
            .build();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private void pulse(String id, int passengers) {
        MockDigitalInput pin = pi4j.registry().get(id, MockDigitalInput.class);
        for (int i = 0; i < passengers; i++) {
            pin.mockState(DigitalState.LOW);
            pin.mockState(DigitalState.HIGH);
        }
    }

    @Test
    void beamPulsesBecomeBoardingsAndAlightingsOfTheirBus() throws Exception {
        RivuletConfig config = ConfigLoader.parse("""
                sources:
                  beams:
                    type: gpio
                    pins:
                      17: {key: bus-12, field: in, debounce: 0ms}
                      27: {key: bus-12, field: out, debounce: 0ms}
                pipelines:
                  occupancy: {type: bus-occupancy, source: beams, where: [in >= 0, out >= 0]}
                """, "beams.yaml");
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(Duration.ofSeconds(1)).clock(clock)
                .failFast(true).build();
        ReceiverInputDStream<Reading> readings = context.receiverStream("beams", 64);
        List<String> occupancy = new ArrayList<>();
        new BusOccupancy((BusOccupancyPipeline) config.pipelines().get("occupancy"), readings).occupancy()
                .foreachBatch(batch -> occupancy.add(batch.records().toString()));
        context.start();

        try (BeamCounters beams = new BeamCounters("beams", pi4j,
                ((GpioInput) config.sources().get("beams")).beams(), Duration.ofHours(1))) {
            beams.start(new ReceiverSink(readings.receiver()), DeadLetterSink.DISCARD);
            pulse("beams-gpio17", 5);
            pulse("beams-gpio27", 2);
            beams.emitNow();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (readings.receiver().stats().accepted() < 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            clock.advance(Duration.ofSeconds(1));
            pulse("beams-gpio27", 1);
            beams.emitNow();
            while (readings.receiver().stats().accepted() < 3 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(List.of("[(bus-12,3)]", "[(bus-12,2)]"), occupancy);
    }
}
