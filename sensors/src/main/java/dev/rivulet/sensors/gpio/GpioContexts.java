package dev.rivulet.sensors.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;

/**
 * Builds the Pi4J context explicitly for a named provider instead of letting Pi4J guess: {@code gpiod} (the
 * default; the kernel's GPIO character device, right for Pi 4 and Pi 5). Tests build a context with Pi4J's mock
 * providers themselves and hand it to the sources and outputs.
 */
public final class GpioContexts {
    /** The provider used when none is configured. */
    public static final String DEFAULT_PROVIDER = "gpiod";

    private GpioContexts() {
    }

    /** A context for {@code provider}; only {@code gpiod} ships with Rivulet. */
    public static Context open(String provider) {
        if (!DEFAULT_PROVIDER.equals(provider)) {
            throw new IllegalArgumentException("gpio.provider=" + provider + ": expected 'gpiod' (Raspberry Pi 4 and 5); "
                    + "tests use Pi4J's mock provider by building the context themselves");
        }
        return Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .build();
    }

    /** Turns Pi4J's failure to open a pin into one that says what to do. */
    static GpioUnavailableException unavailable(Context pi4j, String what, int pin, RuntimeException cause) {
        String providers;
        try {
            providers = String.join(", ", pi4j.providers().all().keySet());
        } catch (RuntimeException e) {
            providers = "unknown";
        }
        return new GpioUnavailableException("cannot open GPIO " + what + " on BCM pin " + pin + " with provider(s) [" + providers
                + "]: " + cause.getMessage() + ". GPIO needs a Raspberry Pi with a GPIO chip (/dev/gpiochip*, "
                + "provider 'gpiod' for Pi 4 and Pi 5) and permission to use it (the 'gpio' group); "
                + "on other machines use the simulator, or Pi4J's mock provider in tests.", cause);
    }
}
