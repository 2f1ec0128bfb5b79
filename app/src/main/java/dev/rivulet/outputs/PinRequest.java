package dev.rivulet.outputs;

/**
 * A pin an output drives, as the gateway's pin factory opens it (Pi4J on a Pi, a fake in tests).
 *
 * @param output   the output's name, for Pi4J's id and messages
 * @param pin      the BCM pin number
 * @param provider the Pi4J provider: gpiod, or mock
 */
public record PinRequest(String output, int pin, String provider) {
}
