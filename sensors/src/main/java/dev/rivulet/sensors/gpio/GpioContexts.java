package dev.rivulet.sensors.gpio;

import com.pi4j.Pi4J;
import com.pi4j.platform.Platform;
import com.pi4j.provider.Provider;
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

    /** Pi4J's mock provider: not shipped; on the class path it lets a GPIO configuration run without a Pi. */
    public static final String MOCK_PROVIDER = "mock";

    /**
     * A context for {@code provider}: {@code gpiod}, which ships with Rivulet, or {@code mock}, Pi4J's mock
     * provider, when {@code pi4j-plugin-mock} is added to the class path (to try a GPIO configuration on a
     * machine without GPIO: {@code java -cp rivulet.jar:pi4j-plugin-mock-2.8.0.jar dev.rivulet.cli.Main run ...}).
     */
    public static Context open(String provider) {
        if (MOCK_PROVIDER.equals(provider)) {
            return mock();
        }
        if (!DEFAULT_PROVIDER.equals(provider)) {
            throw new IllegalArgumentException("gpio.provider=" + provider + ": expected 'gpiod' (Raspberry Pi 4 and 5)"
                    + " or 'mock' (Pi4J's mock provider, with pi4j-plugin-mock on the class path)");
        }
        return Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .build();
    }

    private static Context mock() {
        String plugin = "com.pi4j.plugin.mock.";
        try {
            return Pi4J.newContextBuilder()
                    .add((Platform) Class.forName(plugin + "platform.MockPlatform").getConstructor().newInstance())
                    .add((Provider<?, ?, ?>) Class.forName(plugin + "provider.gpio.digital.MockDigitalInputProvider")
                                    .getMethod("newInstance").invoke(null),
                            (Provider<?, ?, ?>) Class.forName(plugin + "provider.gpio.digital.MockDigitalOutputProvider")
                                    .getMethod("newInstance").invoke(null))
                    .build();
        } catch (ClassNotFoundException e) {
            throw new GpioUnavailableException("gpio provider 'mock' needs Pi4J's mock plugin on the class path"
                    + " (pi4j-plugin-mock, not shipped in rivulet.jar): java -cp rivulet.jar:pi4j-plugin-mock.jar"
                    + " dev.rivulet.cli.Main run --config FILE; on a Raspberry Pi use provider 'gpiod'", e);
        } catch (ReflectiveOperationException e) {
            throw new GpioUnavailableException("Pi4J's mock plugin on the class path cannot be used: " + e, e);
        }
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
