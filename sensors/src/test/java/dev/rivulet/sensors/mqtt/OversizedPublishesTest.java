package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

/**
 * PUBLISH packets over the limit, replaced on the way in by a small one (QoS 1) or by nothing (QoS 0), on a real
 * byte stream read in every piece size; everything else passes byte for byte. The packets are written by
 * Paho's own encoders and the output read back by Paho's own decoders.
 */
class OversizedPublishesTest {

    private static final long LIMIT = 1_000;
    private static final byte[] CONNACK = {0x20, 0x03, 0x00, 0x00, 0x00};
    private static final byte[] PINGRESP = {(byte) 0xD0, 0x00};
    private static final byte[] PUBACK = {0x40, 0x02, 0x01, 0x2C};

    // ---- packets, as Paho writes them

    private static byte[] v5Publish(String topic, int packetId, int qos, boolean dup, byte[] payload, boolean properties) {
        try {
            MqttProperties props = new MqttProperties();
            if (properties) {
                props.setPayloadFormat(true);
                props.setContentType("application/json");
                props.setMessageExpiryInterval(600L);
            }
            org.eclipse.paho.mqttv5.common.MqttMessage message = new org.eclipse.paho.mqttv5.common.MqttMessage(payload);
            message.setQos(qos);
            message.setDuplicate(dup);
            org.eclipse.paho.mqttv5.common.packet.MqttPublish publish =
                    new org.eclipse.paho.mqttv5.common.packet.MqttPublish(topic, message, props);
            publish.setMessageId(packetId);
            publish.setDuplicate(dup);
            return concat(publish.getHeader(), publish.getPayload());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] v3Publish(String topic, int packetId, int qos, boolean dup, byte[] payload) {
        try {
            org.eclipse.paho.client.mqttv3.MqttMessage message = new org.eclipse.paho.client.mqttv3.MqttMessage(payload);
            message.setQos(qos);
            org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish publish =
                    new org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish(topic, message);
            publish.setMessageId(packetId);
            publish.setDuplicate(dup);
            return concat(publish.getHeader(), publish.getPayload());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] payload(int size) {
        byte[] payload = new byte[size];
        for (int i = 0; i < size; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        return payload;
    }

    // ---- reading, in pieces

    /** An input stream that hands out at most {@code piece} bytes a read, as a socket does. */
    private static InputStream pieces(byte[] bytes, int piece) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    /** Everything {@code in} gives, read {@code piece} bytes at a time ({@code read()} for 1). */
    private static byte[] readAll(InputStream in, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (piece == 1) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
            return out.toByteArray();
        }
        byte[] buffer = new byte[piece + 3];
        for (int n; (n = in.read(buffer, 3, piece)) >= 0; ) {
            out.write(buffer, 3, n);
        }
        return out.toByteArray();
    }

    private static final int[] PIECES = {1, 2, 3, 4, 5, 7, 13, 64, 1_000, 8_192, 100_000};

    // ---- what passes

    @Test
    void packetsWithinTheLimitPassByteForByteWhateverThePieces() throws IOException {
        for (boolean v5 : new boolean[] {true, false}) {
            byte[] wire = concat(CONNACK,
                    v5 ? v5Publish("buses/7/door", 300, 1, false, payload(20), false) : v3Publish("buses/7/door", 300, 1, false, payload(20)),
                    v5 ? v5Publish("buses/8/door", 301, 1, true, payload(200), true) : v3Publish("buses/8/door", 301, 1, true, payload(200)),
                    PINGRESP,
                    v5 ? v5Publish("t", 0, 0, false, payload(3), false) : v3Publish("t", 0, 0, false, payload(3)),
                    // the largest that passes: exactly the limit, header included
                    exactly(v5, (int) LIMIT),
                    PUBACK,
                    v5 ? v5Publish("x", 2, 1, false, new byte[0], false) : v3Publish("x", 2, 1, false, new byte[0]));
            for (int in : PIECES) {
                for (int out : PIECES) {
                    OversizedPublishes limit = new OversizedPublishes(v5, LIMIT);
                    assertArrayEquals(wire, readAll(limit.reading(pieces(wire, in)), out),
                            (v5 ? "v5" : "v3") + ", pieces of " + in + " in and " + out + " out");
                    assertEquals(-1, limit.take(300));
                    assertEquals(-1, limit.take(2));
                }
            }
        }
    }

    /** A QoS 1 PUBLISH of exactly {@code size} bytes, fixed header included. */
    private static byte[] exactly(boolean v5, int size) {
        byte[] packet = v5 ? v5Publish("at/the/limit", 77, 1, false, new byte[0], false) : v3Publish("at/the/limit", 77, 1, false, new byte[0]);
        // the remaining length grows from one byte to two on the way, so ask for the size directly
        for (int payload = size - packet.length - 1; ; payload++) {
            byte[] p = v5 ? v5Publish("at/the/limit", 77, 1, false, payload(payload), false)
                    : v3Publish("at/the/limit", 77, 1, false, payload(payload));
            if (p.length >= size) {
                assertEquals(size, p.length, "a packet of exactly " + size + " bytes");
                return p;
            }
        }
    }

    // ---- what is refused

    @Test
    void anOversizedQos1PublishBecomesAnEmptyOneWithItsTopicIdAndFlags() throws Exception {
        // payloads whose remaining length takes 2, 3 and 4 bytes
        for (int size : new int[] {1_001, 20_000, 3_000_000}) {
            for (boolean v5 : new boolean[] {true, false}) {
                byte[] big = v5 ? v5Publish("buses/bé/door", 4_321, 1, true, payload(size), true)
                        : v3Publish("buses/bé/door", 4_321, 1, true, payload(size));
                byte[] after = v5 ? v5Publish("buses/9/door", 4_322, 1, false, payload(10), false)
                        : v3Publish("buses/9/door", 4_322, 1, false, payload(10));
                byte[] wire = concat(CONNACK, big, after, PINGRESP);
                for (int in : PIECES) {
                    for (int out : new int[] {1, 5, 64, 8_192}) {
                        String what = (v5 ? "v5" : "v3") + ", payload " + size + ", pieces " + in + "/" + out;
                        OversizedPublishes limit = new OversizedPublishes(v5, LIMIT);
                        byte[] read = readAll(limit.reading(pieces(wire, in)), out);
                        byte[] stand = v5 ? v5Publish("buses/bé/door", 4_321, 1, true, new byte[0], false)
                                : v3Publish("buses/bé/door", 4_321, 1, true, new byte[0]);
                        assertArrayEquals(concat(CONNACK, stand, after, PINGRESP), read, what);
                        assertEquals(size, limit.take(4_321), what + ": the refused payload's size");
                        assertEquals(-1, limit.take(4_321), what + ": taken once");
                        assertEquals(-1, limit.take(4_322), what);
                    }
                }
                // Paho reads the stand-in as the same message with no payload
                byte[] out = readAll(new OversizedPublishes(v5, LIMIT).reading(new ByteArrayInputStream(big)), 4096);
                assertEquals(big[0], out[0], "the first byte: PUBLISH, DUP, QoS 1, no RETAIN");
                assertEquals(0x3A, out[0] & 0xFF);
                if (v5) {
                    var p = (org.eclipse.paho.mqttv5.common.packet.MqttPublish)
                            org.eclipse.paho.mqttv5.common.packet.MqttWireMessage.createWireMessage(out);
                    assertEquals("buses/bé/door", p.getTopicName());
                    assertEquals(4_321, p.getMessageId());
                    assertEquals(1, p.getMessage().getQos());
                    assertEquals(0, p.getMessage().getPayload().length);
                } else {
                    var p = (org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish)
                            org.eclipse.paho.client.mqttv3.internal.wire.MqttWireMessage.createWireMessage(out);
                    assertEquals("buses/bé/door", p.getTopicName());
                    assertEquals(4_321, p.getMessageId());
                    assertEquals(1, p.getMessage().getQos());
                    assertEquals(0, p.getMessage().getPayload().length);
                }
            }
        }
    }

    @Test
    void anOversizedQos0PublishIsDroppedAndTold() throws IOException {
        for (boolean v5 : new boolean[] {true, false}) {
            byte[] big = v5 ? v5Publish("sensors/a", 0, 0, false, payload(50_000), true) : v3Publish("sensors/a", 0, 0, false, payload(50_000));
            byte[] small = v5 ? v5Publish("sensors/b", 0, 0, false, payload(5), false) : v3Publish("sensors/b", 0, 0, false, payload(5));
            byte[] wire = concat(small, big, big, small, PINGRESP);
            for (int in : PIECES) {
                OversizedPublishes limit = new OversizedPublishes(v5, LIMIT);
                List<String> told = new ArrayList<>();
                limit.onRefusedQos0((topic, bytes) -> told.add(topic + " " + bytes));
                assertArrayEquals(concat(small, small, PINGRESP), readAll(limit.reading(pieces(wire, in)), 7), "pieces of " + in);
                assertEquals(List.of("sensors/a 50000", "sensors/a 50000"), told);
            }
        }
    }

    @Test
    void theLargestRemainingLengthMqttAllowsIsSkippedWithoutHoldingIt() throws IOException {
        // 268,435,455 bytes: four bytes of remaining length, 0xFF 0xFF 0xFF 0x7F; the payload is never in memory.
        long remaining = 268_435_455L;
        byte[] head = {0x32, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F, 0x00, 0x03, 'b', 'i', 'g', 0x12, 0x34};
        byte[] tail = concat(PINGRESP, v3Publish("after", 7, 1, false, payload(3)));
        long total = 5 + remaining + tail.length;
        InputStream wire = new InputStream() {
            long at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - at);
                for (int i = 0; i < n; i++, at++) {
                    b[off + i] = at < head.length ? head[(int) at] : at >= 5 + remaining ? tail[(int) (at - 5 - remaining)] : 0;
                }
                return n;
            }
        };
        OversizedPublishes limit = new OversizedPublishes(false, LIMIT);
        byte[] read = readAll(limit.reading(wire), 8_192);
        assertArrayEquals(concat(v3Publish("big", 0x1234, 1, false, new byte[0]), tail), read);
        assertEquals(remaining - 2 - 3 - 2, limit.take(0x1234));
    }

    @Test
    void aReadThatTimesOutLosesNothing() throws IOException {
        byte[] wire = concat(CONNACK, v3Publish("a/b", 12, 1, false, payload(5_000)), v3Publish("c", 13, 1, false, payload(4)));
        // a socket that times out before every other read, as Paho's v3 socket may
        InputStream flaky = new InputStream() {
            final InputStream bytes = pieces(wire, 3);
            boolean timeOut;

            @Override
            public int read() throws IOException {
                throw new AssertionError("the filter reads in blocks, never a byte at a time");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                timeOut = !timeOut;
                if (timeOut) {
                    throw new SocketTimeoutException("Read timed out");
                }
                return bytes.read(b, off, len);
            }
        };
        OversizedPublishes limit = new OversizedPublishes(false, LIMIT);
        InputStream in = limit.reading(flaky);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[5];
        while (true) {
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        assertArrayEquals(concat(CONNACK, v3Publish("a/b", 12, 1, false, new byte[0]), v3Publish("c", 13, 1, false, payload(4))),
                out.toByteArray());
        assertEquals(5_000, limit.take(12));
    }

    @Test
    void aNewConnectionForgetsRefusalsNotTaken() throws IOException {
        OversizedPublishes limit = new OversizedPublishes(true, LIMIT);
        readAll(limit.reading(new ByteArrayInputStream(v5Publish("a", 9, 1, false, payload(2_000), false))), 100);
        limit.reset();
        assertEquals(-1, limit.take(9));
    }

    @Test
    void theVariableByteIntegerIsMqtts() {
        byte[] out = new byte[4];
        assertEquals(1, OversizedPublishes.writeVarint(127, out, 0));
        assertEquals(2, OversizedPublishes.writeVarint(128, out, 0));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, Arrays.copyOf(out, 2));
        assertEquals(3, OversizedPublishes.writeVarint(16_384, out, 0));
        assertEquals(4, OversizedPublishes.writeVarint(268_435_455, out, 0));
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F}, out);
    }
}
