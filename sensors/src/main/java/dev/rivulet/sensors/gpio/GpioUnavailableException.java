package dev.rivulet.sensors.gpio;

/** GPIO cannot be used here: no chip, no permission, or no provider. The message says what was tried. */
public final class GpioUnavailableException extends RuntimeException {
    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
