package dev.rivulet.gateway;

import com.pi4j.context.Context;
import dev.rivulet.outputs.PinRequest;
import dev.rivulet.sensors.DigitalOutput;
import dev.rivulet.sensors.gpio.GpioContexts;
import dev.rivulet.sensors.gpio.GpioDigitalOutput;
import java.util.HashMap;
import java.util.Map;

/** GPIO outputs through Pi4J, one context per provider. */
public final class Pins {

    private static final Map<String, Context> CONTEXTS = new HashMap<>();

    private Pins() {
    }

    /**
     * The pin an output drives.
     *
     * @throws dev.rivulet.sensors.gpio.GpioUnavailableException with a plain message when this machine has no GPIO
     */
    public static synchronized DigitalOutput open(PinRequest output) {
        Context context = CONTEXTS.computeIfAbsent(output.provider(), GpioContexts::open);
        return new GpioDigitalOutput(context, output.output(), output.pin());
    }
}
