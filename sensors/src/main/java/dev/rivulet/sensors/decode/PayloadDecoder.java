package dev.rivulet.sensors.decode;

/**
 * Turns one message (an MQTT payload, a line, a file's line) into readings. Never throws on bad input: every
 * refused part goes to {@link DecodeResult#reject}. One message may give several readings (CSV lines).
 * Implementations are thread-safe and keep no per-message state.
 */
@FunctionalInterface
public interface PayloadDecoder {
    void decode(String topic, byte[] payload, long arrivalTime, DecodeResult out);
}
