package dev.rivulet.sensors.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.Conditions;
import dev.rivulet.sensors.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins driven through Pi4J's mock provider, built explicitly rather than auto-detected. */
class GpioTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private Context pi4j;

    @BeforeEach
    void mockBoard() {
        pi4j = Pi4J.newContextBuilder()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance())
                .build();
    }

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private void pulse(String id, int times) {
        MockDigitalInput pin = pi4j.registry().get(id, MockDigitalInput.class);
        for (int i = 0; i < times; i++) {
            pin.mockState(DigitalState.HIGH);
            pin.mockState(DigitalState.LOW);
        }
    }

    @Test
    void countsEdgesPerPinAndEmitsOnlyPinsThatSawAny() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (EdgeCounterSource doors = new EdgeCounterSource("doors", pi4j,
                List.of(EdgeCounterSource.Pin.of("front", 17),
                        new EdgeCounterSource.Pin("rear", 27, PullResistance.PULL_UP, Duration.ZERO, EdgeCounterSource.Edge.FALLING),
                        EdgeCounterSource.Pin.of("spare", 22)),
                Duration.ofHours(1), () -> 5000L)) {
            doors.start(sink, sink);
            pulse("doors-front", 3);
            pulse("doors-rear", 2);
            doors.emitCounts();
            List<CollectingSink.Pushed> got = sink.take(2, WAIT);
            Reading front = got.get(0).reading();
            Reading rear = got.get(1).reading();
            assertEquals("front", front.key());
            assertEquals(3.0, front.value("count"));
            assertEquals("rear", rear.key());
            assertEquals(2.0, rear.value("count"));
            assertEquals(5000L, front.eventTime());

            pulse("doors-front", 4);
            doors.emitCounts();
            Reading again = sink.take(1, WAIT).get(0).reading();
            assertEquals(4.0, again.value("count"));
            assertEquals(7.0, again.value("total"));
            assertEquals(0, sink.pending(), "pins without new edges stay quiet");
            assertEquals(9, doors.counters().received());
        }
    }

    @Test
    void emitsOnItsOwnEveryInterval() throws Exception {
        CollectingSink sink = new CollectingSink();
        try (EdgeCounterSource doors = new EdgeCounterSource("auto", pi4j, List.of(EdgeCounterSource.Pin.of("front", 5)),
                Duration.ofMillis(20), System::currentTimeMillis)) {
            doors.start(sink, sink);
            pulse("auto-front", 2);
            assertEquals(2.0, sink.take(1, WAIT).get(0).reading().value("count"));
        }
    }

    @Test
    void outputSwitchesAndBlinksUntilToldOtherwise() {
        try (GpioDigitalOutput led = new GpioDigitalOutput(pi4j, "alert", 18)) {
            assertFalse(led.isOn());
            led.on();
            assertTrue(led.isOn());
            led.off();
            assertFalse(led.isOn());

            AtomicInteger changes = new AtomicInteger();
            pi4j.registry().get("output-alert", com.pi4j.io.gpio.digital.DigitalOutput.class)
                    .addListener(e -> changes.incrementAndGet());
            led.blink(5, 5);
            Conditions.await(() -> changes.get() >= 6, WAIT, () -> "three blinks, saw " + changes.get() + " changes");
            led.off();
            assertFalse(led.isOn());
            int after = changes.get();
            led.on();
            assertTrue(led.isOn());
            assertEquals(after + 1, changes.get(), "blinking stopped: only our own change");
        }
    }

    @Test
    void saysPlainlyWhenThereIsNoGpioChip() {
        Context gpiod = Pi4J.newContextBuilder().add(GpioDDigitalInputProvider.newInstance()).build();
        try {
            EdgeCounterSource doors = new EdgeCounterSource("doors", gpiod, List.of(EdgeCounterSource.Pin.of("front", 17)),
                    Duration.ofSeconds(1), () -> 0L);
            CollectingSink sink = new CollectingSink();
            GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> doors.start(sink, sink));
            assertTrue(e.getMessage().contains("BCM pin 17"), e.getMessage());
            assertTrue(e.getMessage().contains("gpiod"), e.getMessage());
            assertTrue(e.getMessage().contains("Raspberry Pi"), e.getMessage());
            doors.close();
        } finally {
            gpiod.shutdown();
        }
        assertThrows(IllegalArgumentException.class, () -> GpioContexts.open("wiringpi"));
    }
}
