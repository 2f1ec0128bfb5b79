package dev.rivulet.sensors.mqtt;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The DUP flag of every QoS 1 and 2 PUBLISH a connection receives, by packet id, read from the bytes as they
 * arrive. Paho's MQTT 5 client (1.2.5) parses the flag but leaves it out of the message it hands to the
 * application; a broker sets it on exactly the messages it sends again, which is what recognising a resend of a
 * message already in the write-ahead log needs. Only the MQTT fixed header and, for a PUBLISH, the topic length
 * and the packet id are looked at: no packet is decoded, changed or held back.
 *
 * <pre>
 *  fixed header:  byte 1: type (4 bits: 3 = PUBLISH) | DUP | QoS (2 bits) | RETAIN    remaining length: 1–4 bytes
 *  PUBLISH:       topic length (2 bytes), topic, packet id (2 bytes, QoS &gt; 0), [properties, payload]
 * </pre>
 */
final class PublishDupFlags {

    /** One bit per packet id, set when the last PUBLISH with that id had DUP set: 8 KiB for all 65,536. */
    private final AtomicLongArray flags = new AtomicLongArray(65_536 / Long.SIZE);

    /** Forgets every flag: a new connection starts. */
    void reset() {
        for (int i = 0; i < flags.length(); i++) {
            flags.set(i, 0);
        }
    }

    /** Whether the last PUBLISH received with {@code packetId} had the DUP flag set. */
    boolean duplicate(int packetId) {
        int id = packetId & 0xFFFF;
        return (flags.get(id >>> 6) & 1L << id) != 0;
    }

    private void record(int packetId, boolean duplicate) {
        long bit = 1L << packetId;
        int word = packetId >>> 6;
        long was;
        do {
            was = flags.get(word);
        } while (!flags.compareAndSet(word, was, duplicate ? was | bit : was & ~bit));
    }

    /** {@code in}, read through, recording the DUP flag of each PUBLISH that passes. */
    InputStream reading(InputStream in) {
        return new Reader(in);
    }

    /** A state machine over the bytes of MQTT control packets, fed whatever sizes the client reads. */
    private final class Reader extends FilterInputStream {
        private static final int TYPE = 0;
        private static final int LENGTH = 1;
        private static final int BODY = 2;

        private int state = TYPE;
        private boolean publishWithId;
        private boolean dup;
        private long remaining;
        private int multiplier;
        private long position;
        private int topicLength;
        private int packetId;

        Reader(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                see(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            for (int i = 0; i < n; i++) {
                see(buffer[offset + i] & 0xFF);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Bytes must be seen to keep the framing: read them instead.
            long skipped = 0;
            while (skipped < n && read() >= 0) {
                skipped++;
            }
            return skipped;
        }

        private void see(int b) {
            switch (state) {
                case TYPE -> {
                    int qos = (b >> 1) & 3;
                    publishWithId = (b >> 4) == 3 && qos > 0;
                    dup = (b & 0x08) != 0;
                    remaining = 0;
                    multiplier = 1;
                    state = LENGTH;
                }
                case LENGTH -> {
                    remaining += (long) (b & 0x7F) * multiplier;
                    multiplier *= 128;
                    if ((b & 0x80) == 0) {
                        position = 0;
                        state = remaining == 0 ? TYPE : BODY;
                    }
                }
                default -> {
                    if (publishWithId) {
                        body(b);
                    }
                    if (++position == remaining) {
                        state = TYPE;
                    }
                }
            }
        }

        private void body(int b) {
            if (position == 0) {
                topicLength = b << 8;
            } else if (position == 1) {
                topicLength |= b;
            } else if (position == 2L + topicLength) {
                packetId = b << 8;
            } else if (position == 3L + topicLength) {
                packetId |= b;
                record(packetId, dup);
            }
        }
    }
}
