package dev.rivulet.sensors.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses PUBLISH packets larger than a limit on the way in, before Paho reads them: Paho (v3 and v5 alike)
 * allocates the whole packet as soon as it has read the fixed header, so one 40 MB message ends a JVM with a
 * 48 MB heap, and a persistent session redelivers it at every restart. The broker may be told the limit (MQTT 5's
 * Maximum Packet Size, on CONNECT), but a 3.1.1 broker cannot be, and a broker may ignore it.
 *
 * <p>A packet is too large when its whole size — fixed header and remaining length, as MQTT 5's Maximum Packet
 * Size counts it — is over {@code maxPacketBytes}; the fixed header says so before a byte of the rest is read.
 * Such a PUBLISH is read through a small buffer and never held: its topic and packet id are kept, the rest
 * (MQTT 5 properties and the payload) is read and thrown away. Paho then gets, in its place:
 * <ul>
 * <li>at QoS 1 (or 2): a PUBLISH with the same first byte (type, DUP, QoS, RETAIN), topic and packet id, no
 *     properties and an empty payload, while {@link #take} tells the connection that this packet id was refused
 *     and how large its payload was. The message then goes the normal way: acknowledged (the broker stops
 *     resending it) and dead-lettered without its payload, never decoded;</li>
 * <li>at QoS 0: nothing; {@link Refusals#refusedQos0} tells the connection.</li>
 * </ul>
 * Every other packet passes byte for byte; the bodies of packets that pass are not looked at.
 *
 * <pre>
 *  fixed header:  byte 1: type (4 bits: 3 = PUBLISH) | DUP | QoS (2 bits) | RETAIN    remaining length: 1–4 bytes
 *  PUBLISH:       topic length (2 bytes), topic, packet id (2 bytes, QoS &gt; 0), [MQTT 5: property length
 *                 (1–4 bytes), properties], payload
 * </pre>
 */
final class OversizedPublishes {

    /** How a connection hears of refused QoS 0 messages, which Paho never sees. */
    interface Refusals {
        /** On the network thread: must not block. {@code payloadBytes}: the refused payload's size. */
        void refusedQos0(String topic, long payloadBytes);
    }

    /** The smallest limit: any real PUBLISH header fits in it, so the topic length of a refused one can be read. */
    static final long MIN_PACKET_BYTES = 64;

    private static final int PUBLISH = 3;

    private final boolean v5;
    private final long maxPacketBytes;
    private final Map<Integer, Long> refused = new ConcurrentHashMap<>();
    private volatile Refusals refusals = (topic, bytes) -> { };

    /**
     * @param v5             whether the packets are MQTT 5's (they have properties)
     * @param maxPacketBytes the largest PUBLISH, counted as MQTT 5's Maximum Packet Size counts
     */
    OversizedPublishes(boolean v5, long maxPacketBytes) {
        if (maxPacketBytes < MIN_PACKET_BYTES) {
            throw new IllegalArgumentException("maxPacketBytes must be at least " + MIN_PACKET_BYTES + ", was " + maxPacketBytes);
        }
        this.v5 = v5;
        this.maxPacketBytes = maxPacketBytes;
    }

    long maxPacketBytes() {
        return maxPacketBytes;
    }

    /** Where refused QoS 0 messages are told. */
    void onRefusedQos0(Refusals to) {
        this.refusals = Objects.requireNonNull(to, "to");
    }

    /** Forgets every refusal not yet taken: a new connection starts. */
    void reset() {
        refused.clear();
    }

    /**
     * Whether the PUBLISH Paho handed over with {@code packetId} and an empty payload stands for a refused one:
     * its payload's size, or -1. Each refusal is taken once.
     */
    long take(int packetId) {
        if (refused.isEmpty()) {
            return -1;
        }
        Long bytes = refused.remove(packetId & 0xFFFF);
        return bytes == null ? -1 : bytes;
    }

    /** {@code in}, with PUBLISH packets over the limit replaced as the class comment says. */
    InputStream reading(InputStream in) {
        return new Filter(in);
    }

    /** The bytes of the variable byte integer {@code value} (MQTT's remaining length), into {@code out} at {@code at}. */
    static int writeVarint(long value, byte[] out, int at) {
        int n = 0;
        do {
            int digit = (int) (value % 128);
            value /= 128;
            out[at + n++] = (byte) (value > 0 ? digit | 0x80 : digit);
        } while (value > 0);
        return n;
    }

    /**
     * A state machine over the bytes of MQTT control packets, for whatever sizes Paho reads in. Input is read
     * into a buffer of its own, so a fixed header is whole before any of it is passed on; the body of a packet
     * that passes is read straight into Paho's array. A read that fails (a socket time-out) changes no state,
     * so Paho may read again.
     */
    private final class Filter extends InputStream {
        private static final int HEADER = 0;
        private static final int PASS = 1;
        private static final int TOPIC_LENGTH = 2;
        private static final int TOPIC = 3;
        private static final int PACKET_ID = 4;
        private static final int PROPERTY_LENGTH = 5;
        private static final int SKIP = 6;
        /** A fixed header longer than MQTT allows: framing is lost, so pass everything and let Paho fail. */
        private static final int TRANSPARENT = 7;

        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;
        /** Bytes ready for Paho: a fixed header that passes, or a refused packet's replacement. */
        private byte[] out = new byte[64];
        private int outPosition;
        private int outLimit;

        private int state = HEADER;
        private final byte[] header = new byte[5];
        private int headerLength;
        /** For {@link #read()}, which Paho calls for each packet's first byte (one reader thread). */
        private final byte[] one = new byte[1];
        /** PASS: body bytes still to pass on. Refusing: body bytes still to read. */
        private long remaining;

        // the PUBLISH being refused
        private int first;
        private int qos;
        private int topicLength;
        private int fieldBytes;
        private byte[] topic;
        private int topicRead;
        private int packetId;
        private long propertyLength;
        private long payloadBytes;
        private boolean malformed;

        Filter(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (outPosition < outLimit) {
                    int n = Math.min(len, outLimit - outPosition);
                    System.arraycopy(out, outPosition, b, off, n);
                    outPosition += n;
                    return n;
                }
                if (state == PASS || state == TRANSPARENT) {
                    int want = state == PASS ? (int) Math.min(len, remaining) : len;
                    int n;
                    if (position < limit) {
                        n = Math.min(want, limit - position);
                        System.arraycopy(buffer, position, b, off, n);
                        position += n;
                    } else {
                        n = in.read(b, off, want);
                        if (n < 0) {
                            return -1;
                        }
                    }
                    if (state == PASS) {
                        remaining -= n;
                        if (remaining == 0) {
                            state = HEADER;
                        }
                    }
                    return n;
                }
                if (position == limit) {
                    int n = in.read(buffer, 0, buffer.length);
                    if (n < 0) {
                        return -1;
                    }
                    position = 0;
                    limit = n;
                    if (n == 0) {
                        return 0;
                    }
                }
                consume();
            }
        }

        /** Takes buffered bytes in the states that hold them back, until output is ready, a body passes or none are left. */
        private void consume() {
            while (position < limit && outPosition == outLimit && state != PASS && state != TRANSPARENT) {
                switch (state) {
                    case HEADER -> header(buffer[position++] & 0xFF);
                    case TOPIC_LENGTH -> {
                        topicLength = (topicLength << 8) | (buffer[position++] & 0xFF);
                        remaining--;
                        if (++fieldBytes == 2) {
                            topicRead();
                        }
                    }
                    case TOPIC -> {
                        int n = (int) Math.min(limit - position, topicLength - topicRead);
                        System.arraycopy(buffer, position, topic, topicRead, n);
                        position += n;
                        topicRead += n;
                        remaining -= n;
                        if (topicRead == topicLength) {
                            afterTopic();
                        }
                    }
                    case PACKET_ID -> {
                        packetId = (packetId << 8) | (buffer[position++] & 0xFF);
                        remaining--;
                        if (++fieldBytes == 2) {
                            afterPacketId();
                        }
                    }
                    case PROPERTY_LENGTH -> {
                        int b = buffer[position++] & 0xFF;
                        remaining--;
                        propertyLength += (long) (b & 0x7F) << (7 * fieldBytes);
                        if ((b & 0x80) == 0 || ++fieldBytes == 4 || remaining == 0) {
                            payloadBytes = remaining - propertyLength;
                            if (payloadBytes < 0) {
                                malformed = true;
                                payloadBytes = remaining;
                            }
                            skipRest();
                        }
                    }
                    default -> {
                        int n = (int) Math.min(limit - position, remaining);
                        position += n;
                        remaining -= n;
                        if (remaining == 0) {
                            refuse();
                        }
                    }
                }
            }
        }

        private void header(int b) {
            header[headerLength++] = (byte) b;
            if (headerLength == 1 || (b & 0x80) != 0 && headerLength < 5) {
                return;
            }
            if ((b & 0x80) != 0) {
                emit(header, headerLength);
                headerLength = 0;
                state = TRANSPARENT;
                return;
            }
            long length = 0;
            for (int i = headerLength - 1; i >= 1; i--) {
                length = length * 128 + (header[i] & 0x7F);
            }
            first = header[0] & 0xFF;
            if (first >> 4 == PUBLISH && headerLength + length > maxPacketBytes) {
                headerLength = 0;
                remaining = length;
                qos = (first >> 1) & 3;
                topicLength = 0;
                fieldBytes = 0;
                packetId = 0;
                propertyLength = 0;
                malformed = false;
                state = TOPIC_LENGTH;
                return;
            }
            emit(header, headerLength);
            headerLength = 0;
            remaining = length;
            state = length == 0 ? HEADER : PASS;
        }

        private void topicRead() {
            // The remaining length is at least MIN_PACKET_BYTES - 5, so the topic length could be read.
            if (topicLength + (qos > 0 ? 2 : 0) > remaining) {
                malformed = true;
                topicLength = 0;
                topic = new byte[0];
                payloadBytes = remaining;
                skipRest();
                return;
            }
            topic = new byte[topicLength];
            topicRead = 0;
            if (topicLength == 0) {
                afterTopic();
            } else {
                state = TOPIC;
            }
        }

        private void afterTopic() {
            fieldBytes = 0;
            if (qos > 0) {
                state = PACKET_ID;
            } else {
                afterPacketId();
            }
        }

        private void afterPacketId() {
            fieldBytes = 0;
            if (v5 && remaining > 0) {
                state = PROPERTY_LENGTH;
            } else {
                payloadBytes = remaining;
                skipRest();
            }
        }

        private void skipRest() {
            state = SKIP;
            if (remaining == 0) {
                refuse();
            }
        }

        /** The refused PUBLISH has been read to its end: hand Paho its stand-in, or nothing. */
        private void refuse() {
            state = HEADER;
            if (qos == 0 || malformed) {
                if (qos == 0) {
                    refusals.refusedQos0(new String(topic, StandardCharsets.UTF_8), payloadBytes);
                }
                return;
            }
            refused.put(packetId, payloadBytes);
            int body = 2 + topicLength + 2 + (v5 ? 1 : 0);
            byte[] packet = new byte[1 + 4 + body];
            int n = 0;
            packet[n++] = (byte) first;
            n += writeVarint(body, packet, n);
            packet[n++] = (byte) (topicLength >> 8);
            packet[n++] = (byte) topicLength;
            System.arraycopy(topic, 0, packet, n, topicLength);
            n += topicLength;
            packet[n++] = (byte) (packetId >> 8);
            packet[n++] = (byte) packetId;
            if (v5) {
                packet[n++] = 0;
            }
            emit(packet, n);
        }

        private void emit(byte[] bytes, int length) {
            if (out.length < length) {
                out = new byte[length];
            }
            System.arraycopy(bytes, 0, out, 0, length);
            outPosition = 0;
            outLimit = length;
        }

        @Override
        public int available() throws IOException {
            int ready = outLimit - outPosition;
            if (state == PASS) {
                ready += (int) Math.min(limit - position, remaining);
            } else if (state == TRANSPARENT) {
                ready += limit - position;
            }
            return ready;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
