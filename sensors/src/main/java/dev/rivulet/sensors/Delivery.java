package dev.rivulet.sensors;

import java.nio.charset.StandardCharsets;

/**
 * Which broker message a reading came in: what lets the consumer recognise a QoS 1 redelivery of a message it
 * has already made durable (the broker resends an unacknowledged message on the resumed session with the same
 * packet id and the DUP flag).
 *
 * @param source      the source's name
 * @param packetId    the MQTT packet identifier the message arrived with
 * @param payloadHash a 64-bit hash of the topic and payload ({@link #hash}), to tell a resend from a new message
 *                    that reuses the packet id
 * @param duplicate   whether the broker marked the message as a resend (the DUP flag)
 */
public record Delivery(String source, int packetId, long payloadHash, boolean duplicate) {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    /** FNV-1a over the topic's UTF-8 bytes, a zero byte, and the payload: cheap at tens of thousands of messages a second. */
    public static long hash(String topic, byte[] payload) {
        long h = FNV_OFFSET;
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        h *= FNV_PRIME;
        for (byte b : payload) {
            h = (h ^ (b & 0xff)) * FNV_PRIME;
        }
        return h;
    }
}
