package dev.rivulet.sensors.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The DUP flags of PUBLISH packets, read off a stream of MQTT packets in whatever pieces the client reads. */
class PublishDupFlagsTest {

    /** A PUBLISH: fixed header (with DUP, QoS), remaining length (varint), topic, packet id, MQTT 5 properties, payload. */
    private static byte[] publish(String topic, int packetId, int qos, boolean dup, int payloadSize) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] name = topic.getBytes(StandardCharsets.UTF_8);
        body.write(name.length >> 8);
        body.write(name.length & 0xFF);
        body.writeBytes(name);
        if (qos > 0) {
            body.write(packetId >> 8);
            body.write(packetId & 0xFF);
        }
        body.write(0); // no properties
        body.writeBytes(new byte[payloadSize]);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x30 | (dup ? 0x08 : 0) | (qos << 1));
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    @Test
    void flagsOfEveryPublishAreRecordedWhateverTheReadSizes() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0x20, 0x03, 0x00, 0x00, 0x00});                 // CONNACK
        wire.writeBytes(publish("buses/7/door", 300, 1, false, 20));
        wire.writeBytes(publish("buses/8/door", 301, 1, true, 200));                 // two-byte remaining length
        wire.writeBytes(publish("t", 0, 0, true, 3));                               // QoS 0: no packet id
        wire.writeBytes(new byte[] {(byte) 0xD0, 0x00});                            // PINGRESP
        wire.writeBytes(publish("buses/🚌/door", 65_535, 1, true, 20_000));          // three-byte remaining length
        wire.writeBytes(publish("x", 2, 1, false, 0));
        byte[] bytes = wire.toByteArray();
        for (int piece : new int[] {1, 2, 7, 64, bytes.length}) {
            PublishDupFlags flags = new PublishDupFlags();
            byte[] read = readAll(flags.reading(new ByteArrayInputStream(bytes)), piece);
            assertArrayEquals(bytes, read, "the bytes pass unchanged");
            assertFalse(flags.duplicate(300), "piece " + piece);
            assertTrue(flags.duplicate(301), "piece " + piece);
            assertTrue(flags.duplicate(65_535), "piece " + piece);
            assertFalse(flags.duplicate(2), "piece " + piece);
            assertFalse(flags.duplicate(0), "a QoS 0 message has no packet id");
        }
    }

    @Test
    void aNewConnectionForgetsTheFlags() throws IOException {
        PublishDupFlags flags = new PublishDupFlags();
        new DataInputStream(flags.reading(new ByteArrayInputStream(publish("a", 9, 1, true, 1)))).readAllBytes();
        assertTrue(flags.duplicate(9));
        flags.reset();
        assertFalse(flags.duplicate(9));
    }

    /** Each packet id keeps the flag of its last PUBLISH, whatever its neighbours' (ids share words of 64 bits). */
    @Test
    void aPacketIdKeepsTheFlagOfItsLastPublishAloneAmongItsNeighbours() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int id = 60; id < 70; id++) {
            wire.writeBytes(publish("a", id, 1, id % 2 == 0, 1));
        }
        wire.writeBytes(publish("a", 64, 1, false, 1));                             // 64 again, not a resend
        wire.writeBytes(publish("a", 65, 1, true, 1));                              // 65 again, resent
        PublishDupFlags flags = new PublishDupFlags();
        new DataInputStream(flags.reading(new ByteArrayInputStream(wire.toByteArray()))).readAllBytes();
        for (int id = 60; id < 70; id++) {
            boolean expected = id == 65 || id != 64 && id % 2 == 0;
            assertEquals(expected, flags.duplicate(id), "packet id " + id);
        }
    }

    private static byte[] readAll(InputStream in, int piece) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[piece];
        if (piece == 1) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
            return out.toByteArray();
        }
        for (int n; (n = in.read(buffer, 0, piece)) > 0; ) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
