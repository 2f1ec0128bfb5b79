package dev.rivulet.sensors.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.Source;
import dev.rivulet.sensors.SourceCounters;
import org.tinylog.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counts edges on digital inputs, e.g. an infrared beam at a bus door giving one pulse per passenger, and
 * every {@code interval} emits one reading per pin that saw edges: key = the pin's name, fields {@code count}
 * (edges since the last reading) and {@code total} (since start). Pi4J calls the listener on its own thread;
 * counting is a single atomic increment there, and readings are pushed from a thread of ours.
 */
public final class EdgeCounterSource implements Source {
    /** Fields of every edge-count reading. */
    public static final ReadingSchema SCHEMA = ReadingSchema.of("count", "total");

    /** Which transitions count. */
    public enum Edge {
        RISING, FALLING, BOTH
    }

    /**
     * One counted pin.
     *
     * @param name     the reading's key, e.g. {@code front-door}
     * @param bcm      the BCM pin number
     * @param pull     {@code PULL_UP}, {@code PULL_DOWN} or {@code OFF}
     * @param debounce ignore further changes for this long after one (Pi4J's debounce, microsecond resolution)
     * @param edge     which transitions count
     */
    public record Pin(String name, int bcm, PullResistance pull, Duration debounce, Edge edge) {
        public Pin {
            Objects.requireNonNull(name, "gpio.pins.name");
            if (bcm < 0 || bcm > 53) {
                throw new IllegalArgumentException("gpio.pins." + name + ".bcm=" + bcm + ": expected a BCM pin number 0..53");
            }
            Objects.requireNonNull(pull, "gpio.pins." + name + ".pull");
            if (debounce.isNegative()) {
                throw new IllegalArgumentException("gpio.pins." + name + ".debounce=" + debounce + ": must not be negative");
            }
            Objects.requireNonNull(edge, "gpio.pins." + name + ".edge");
        }

        /** Pull-down, rising edges, 10 ms debounce: a beam sensor that drives the line high per passenger. */
        public static Pin of(String name, int bcm) {
            return new Pin(name, bcm, PullResistance.PULL_DOWN, Duration.ofMillis(10), Edge.RISING);
        }
    }

    private static final class Counter {
        final Pin pin;
        final AtomicLong edges = new AtomicLong();
        long reported;
        DigitalInput input;

        Counter(Pin pin) {
            this.pin = pin;
        }
    }

    private final String name;
    private final Context pi4j;
    private final List<Counter> counters = new ArrayList<>();
    private final Duration interval;
    private final LongSupplier clock;
    private final SourceCounters sourceCounters = new SourceCounters();
    private ScheduledExecutorService emitter;
    private ReadingSink sink;
    private volatile boolean closed;

    /**
     * @param pi4j     the context (see {@link GpioContexts}); tests pass one built on Pi4J's mock providers
     * @param interval how often counts are emitted; default 1 s
     * @param clock    epoch millis for the readings' times
     */
    public EdgeCounterSource(String name, Context pi4j, List<Pin> pins, Duration interval, LongSupplier clock) {
        if (pins.isEmpty()) {
            throw new IllegalArgumentException("gpio.pins for source '" + name + "' is empty: give at least one pin");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("gpio.interval=" + interval + ": must be positive");
        }
        this.name = name;
        this.pi4j = pi4j;
        this.interval = interval;
        this.clock = clock;
        pins.forEach(p -> counters.add(new Counter(p)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SourceCounters counters() {
        return sourceCounters;
    }

    /** Opens the pins (failing plainly when there is no GPIO) and starts emitting counts. */
    @Override
    public synchronized void start(ReadingSink sink, DeadLetterSink deadLetters) {
        if (this.sink != null) {
            throw new IllegalStateException("GPIO source '" + name + "' already started");
        }
        this.sink = sink;
        for (Counter c : counters) {
            Pin pin = c.pin;
            try {
                c.input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                        .id(name + "-" + pin.name())
                        .name(pin.name())
                        .address(pin.bcm())
                        .pull(pin.pull())
                        .debounce(pin.debounce().toNanos() / 1000, TimeUnit.MICROSECONDS));
            } catch (RuntimeException e) {
                close();
                throw GpioContexts.unavailable(pi4j, "input '" + pin.name() + "'", pin.bcm(), e);
            }
            c.input.addListener(event -> {
                if (counts(pin.edge(), event.state())) {
                    c.edges.incrementAndGet();
                    sourceCounters.addReceived(1);
                }
            });
        }
        emitter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rivulet-gpio-" + name);
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        emitter.scheduleAtFixedRate(() -> {
            try {
                emitCounts();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                Logger.error(e, "GPIO source '{}' could not emit counts", name);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    private static boolean counts(Edge edge, DigitalState state) {
        return switch (edge) {
            case RISING -> state == DigitalState.HIGH;
            case FALLING -> state == DigitalState.LOW;
            case BOTH -> state == DigitalState.HIGH || state == DigitalState.LOW;
        };
    }

    /** Pushes one reading per pin that saw edges since the last call. Runs every interval; tests call it directly. */
    public synchronized void emitCounts() throws InterruptedException {
        if (sink == null || closed) {
            return;
        }
        long now = clock.getAsLong();
        for (Counter c : counters) {
            long total = c.edges.get();
            long fresh = total - c.reported;
            if (fresh > 0) {
                c.reported = total;
                sourceCounters.addDecoded(1);
                sink.push(new Reading(name, c.pin.name(), now, now, SCHEMA, new double[] {fresh, total}, null), Acknowledgement.NONE);
            }
        }
    }

    /** Stops emitting and releases the pins; counts not yet emitted are lost. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (emitter != null) {
            emitter.shutdownNow();
        }
        for (Counter c : counters) {
            if (c.input != null) {
                try {
                    pi4j.shutdown(c.input.id());
                } catch (RuntimeException e) {
                    Logger.debug("GPIO source '{}': releasing pin {} failed: {}", name, c.pin.bcm(), e.getMessage());
                }
            }
        }
    }
}
