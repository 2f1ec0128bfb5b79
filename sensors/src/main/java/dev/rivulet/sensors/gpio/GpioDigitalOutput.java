package dev.rivulet.sensors.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.rivulet.sensors.DigitalOutput;
import org.tinylog.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An LED or buzzer on a GPIO pin. Blinking runs on a small timer thread of ours so that the pattern (on for
 * {@code onMillis}, off for {@code offMillis}) is exact and can be stopped by {@link #on()} or {@link #off()}.
 * The pin is driven low at start and on close.
 */
public final class GpioDigitalOutput implements DigitalOutput {
    private final Context pi4j;
    private final com.pi4j.io.gpio.digital.DigitalOutput pin;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> blinking;
    /** Bumped whenever a pattern starts or stops, so a step of an old pattern already queued does nothing. */
    private int pattern;
    private boolean closed;

    /** Opens BCM pin {@code bcm} as an output named {@code name}, failing plainly when there is no GPIO. */
    public GpioDigitalOutput(Context pi4j, String name, int bcm) {
        this.pi4j = pi4j;
        try {
            this.pin = pi4j.create(com.pi4j.io.gpio.digital.DigitalOutput.newConfigBuilder(pi4j)
                    .id("output-" + name)
                    .name(name)
                    .address(bcm)
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW));
        } catch (RuntimeException e) {
            throw GpioContexts.unavailable(pi4j, "output '" + name + "'", bcm, e);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rivulet-gpio-output-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void on() {
        stopBlinking();
        pin.high();
    }

    @Override
    public synchronized void off() {
        stopBlinking();
        pin.low();
    }

    @Override
    public synchronized void blink(long onMillis, long offMillis) {
        if (onMillis <= 0 || offMillis <= 0) {
            throw new IllegalArgumentException("blink needs positive on and off times, got " + onMillis + " ms and " + offMillis + " ms");
        }
        stopBlinking();
        int current = pattern;
        blinking = timer.scheduleAtFixedRate(() -> step(current, true, onMillis), 0, onMillis + offMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void step(int ofPattern, boolean high, long onMillis) {
        if (ofPattern != pattern || closed) {
            return;
        }
        if (high) {
            pin.high();
            timer.schedule(() -> step(ofPattern, false, onMillis), onMillis, TimeUnit.MILLISECONDS);
        } else {
            pin.low();
        }
    }

    /** The pin's current state: true when high. */
    public boolean isOn() {
        return pin.state() == DigitalState.HIGH;
    }

    private void stopBlinking() {
        pattern++;
        if (blinking != null) {
            blinking.cancel(false);
            blinking = null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopBlinking();
        timer.shutdownNow();
        try {
            pin.low();
            pi4j.shutdown(pin.id());
        } catch (RuntimeException e) {
            Logger.debug("GPIO output {}: release failed: {}", pin.id(), e.getMessage());
        }
    }
}
