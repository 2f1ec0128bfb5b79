package dev.rivulet.sensors.decode;

import java.util.Arrays;

/**
 * Turns one message (an MQTT payload, a line, a file's line) into readings. Never throws on bad input: every
 * refused part goes to {@link DecodeResult#reject}. One message may give several readings (CSV lines).
 * Implementations are thread-safe and keep no per-message state.
 */
@FunctionalInterface
public interface PayloadDecoder {
    void decode(String topic, byte[] payload, long arrivalTime, DecodeResult out);

    /**
     * Decodes the payload {@code data[from, to)}, held in a buffer the caller uses again (a replay reading a
     * recording): the same readings and refusals as {@link #decode(String, byte[], long, DecodeResult)} of a copy
     * of it, which is what this default does. A decoder that can read in place overrides it and copies only what it
     * refuses.
     */
    default void decode(String topic, byte[] data, int from, int to, long arrivalTime, DecodeResult out) {
        decode(topic, Arrays.copyOfRange(data, from, to), arrivalTime, out);
    }
}
