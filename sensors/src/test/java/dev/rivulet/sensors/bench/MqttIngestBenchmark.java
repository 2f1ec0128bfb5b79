package dev.rivulet.sensors.bench;

import dev.rivulet.sensors.simulator.BusSimulator;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.JsonDecoder;
import dev.rivulet.sensors.mqtt.MqttSettings;
import dev.rivulet.sensors.mqtt.MqttSource;
import dev.rivulet.sensors.simulator.BusJson;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * MQTT ingest through a local mosquitto: decoded readings per second through {@link MqttSource} beside a bare
 * Paho subscriber that decodes nothing, at QoS 0 and 1; then a long QoS 1 stream (50,000 × 30 messages by
 * default), watching the heap. Each run pre-loads the broker with simulated door-counter messages for an offline
 * persistent session, then times the subscriber emptying it, so no publisher competes for the two cores.
 *
 * <p>Run: {@code mvn -q -pl sensors test-compile exec:exec@mqtt-bench} (needs {@code mosquitto} installed).
 * System properties: {@code rivulet.bench.messages} (default 300000), {@code rivulet.bench.rounds} (3),
 * {@code rivulet.bench.sustainSeconds} (30), {@code rivulet.bench.sustainRate} (50000).
 * A round count of 0 runs only the sustained test.
 */
public final class MqttIngestBenchmark {
    private static final int MESSAGES = Integer.getInteger("rivulet.bench.messages", 300_000);
    private static final int ROUNDS = Integer.getInteger("rivulet.bench.rounds", 3);
    private static final int SUSTAIN_SECONDS = Integer.getInteger("rivulet.bench.sustainSeconds", 30);
    private static final int SUSTAIN_RATE = Integer.getInteger("rivulet.bench.sustainRate", 50_000);
    private static final int RECEIVE_MAXIMUM = 1000;
    private static final String TOPIC = "buses/+/door";

    private final String uri;
    private final byte[][] payloads;
    private final String[] topics;

    private MqttIngestBenchmark(String uri) {
        this.uri = uri;
        List<Reading> readings = new BusSimulator(BusSimulator.Settings.defaults(1).withBuses(200, 20)).next(10_000);
        payloads = new byte[readings.size()][];
        topics = new String[readings.size()];
        for (int i = 0; i < readings.size(); i++) {
            payloads[i] = BusJson.encode(readings.get(i));
            topics[i] = BusJson.topic(readings.get(i));
        }
    }

    public static void main(String[] args) throws Exception {
        try (LocalMosquitto broker = new LocalMosquitto()) {
            new MqttIngestBenchmark(broker.uri).run();
        }
    }

    private void run() throws Exception {
        System.out.printf("messages per drain run: %,d (~%d bytes each), rounds: %d, JVM max heap %d MB%n",
                MESSAGES, payloads[0].length, ROUNDS, Runtime.getRuntime().maxMemory() >> 20);
        for (int qos : new int[] {0, 1}) {
            for (int round = 1; round <= ROUNDS; round++) {
                double bare = drain("bare-q" + qos + "-" + round, qos, false);
                double rivulet = drain("rivulet-q" + qos + "-" + round, qos, true);
                System.out.printf("QoS %d round %d: bare Paho %,.0f msg/s, Rivulet MqttSource %,.0f readings/s (%.0f%%)%n",
                        qos, round, bare, rivulet, 100 * rivulet / bare);
            }
        }
        sustain();
    }

    /** Pre-loads MESSAGES for an offline session, then times the subscriber draining them. */
    private double drain(String clientId, int qos, boolean rivulet) throws Exception {
        AtomicLong count = new AtomicLong();
        Subscriber subscriber = rivulet ? new RivuletSubscriber(clientId, qos, count) : new BareSubscriber(clientId, qos, count);
        subscriber.open();
        subscriber.close();
        publish(MESSAGES, 0);
        long start = System.nanoTime();
        subscriber.open();
        while (count.get() < MESSAGES) {
            LockSupport.parkNanos(200_000);
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
                throw new IllegalStateException(clientId + " received only " + count.get() + " of " + MESSAGES);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        subscriber.close();
        return MESSAGES / seconds;
    }

    /**
     * The heap under a long QoS 1 stream: pre-loads SUSTAIN_RATE × SUSTAIN_SECONDS messages for an offline
     * session, then lets Rivulet drain them as fast as the broker's flow control allows, printing the rate and
     * the heap after a full GC every 5 s. A live publisher in this JVM cannot reach 50,000 QoS 1 messages a
     * second on two cores shared with the broker and the subscriber, so the backlog stands in for it.
     */
    private void sustain() throws Exception {
        AtomicLong count = new AtomicLong();
        RivuletSubscriber subscriber = new RivuletSubscriber("rivulet-sustain", 1, count);
        subscriber.open();
        subscriber.close();
        long total = (long) SUSTAIN_RATE * SUSTAIN_SECONDS;
        System.out.printf("sustained QoS 1: pre-loading %,d messages ...%n", total);
        publish(total, 0);
        System.gc();
        System.out.printf("  before: heap after GC %5.1f MB, old gen %5.1f MB%n", usedMb(), oldGenMb());
        long start = System.nanoTime();
        subscriber.open();
        long lastCount = 0;
        long lastTime = start;
        for (int s = 5; count.get() < total; s += 5) {
            long due = start + TimeUnit.SECONDS.toNanos(s);
            while (System.nanoTime() < due && count.get() < total) {
                LockSupport.parkNanos(Math.min(due - System.nanoTime(), 10_000_000));
            }
            long now = System.nanoTime();
            long c = count.get();
            System.gc();
            System.out.printf("  t=%5.1f s  decoded %,10d  rate %,7.0f/s  buffered %5d  heap after GC %5.1f MB  old gen %5.1f MB%n",
                    (now - start) / 1e9, c, (c - lastCount) / ((now - lastTime) / 1e9), subscriber.source.buffered(),
                    usedMb(), oldGenMb());
            lastCount = c;
            lastTime = now;
            if (now - start > TimeUnit.SECONDS.toNanos(SUSTAIN_SECONDS * 4L)) {
                break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  all %,d decoded in %.1f s (%,.0f/s overall), dropped %d, dead letters %d%n",
                count.get(), seconds, count.get() / seconds, subscriber.source.counters().dropped(),
                subscriber.source.counters().deadLettered());
        subscriber.close();
    }

    private static double usedMb() {
        return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0;
    }

    private static double oldGenMb() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getName().contains("Old")) {
                return pool.getUsage().getUsed() / 1048576.0;
            }
        }
        return Double.NaN;
    }

    /** Publishes {@code n} messages at QoS 1 with up to 1000 in flight, at {@code rate} per second (0: flat out). */
    private void publish(long n, int rate) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(uri, "bench-publisher-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        Semaphore window = new Semaphore(RECEIVE_MAXIMUM);
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            if (rate > 0) {
                long due = start + i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            window.acquire();
            int k = (int) (i % payloads.length);
            while (true) {
                try {
                    client.publish(topics[k], payloads[k], 1, false, null, release);
                    break;
                } catch (MqttException e) {
                    if (e.getReasonCode() != 32202) { // Paho: too many publishes in progress
                        throw e;
                    }
                    LockSupport.parkNanos(50_000);
                }
            }
        }
        window.acquire(RECEIVE_MAXIMUM);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    private interface Subscriber {
        void open() throws Exception;

        void close() throws Exception;
    }

    /** The ceiling: Paho v5 with automatic acknowledgements, counting messages, decoding nothing. */
    private final class BareSubscriber implements Subscriber {
        private final String clientId;
        private final int qos;
        private final AtomicLong count;
        private MqttAsyncClient client;

        BareSubscriber(String clientId, int qos, AtomicLong count) {
            this.clientId = clientId;
            this.qos = qos;
            this.count = count;
        }

        @Override
        public void open() throws Exception {
            client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    count.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttToken token) {
                }

                @Override
                public void connectComplete(boolean reconnect, String serverUri) {
                }

                @Override
                public void authPacketArrived(int reasonCode, MqttProperties properties) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            o.setReceiveMaximum(RECEIVE_MAXIMUM);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe(TOPIC, qos).waitForCompletion(10_000);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    /** Rivulet's source: JSON decoded into readings, pushed to a sink that acknowledges at once (a keeping-up engine). */
    private final class RivuletSubscriber implements Subscriber {
        private final String clientId;
        private final int qos;
        private final AtomicLong count;
        MqttSource source;

        RivuletSubscriber(String clientId, int qos, AtomicLong count) {
            this.clientId = clientId;
            this.qos = qos;
            this.count = count;
        }

        @Override
        public void open() {
            MqttSettings settings = new MqttSettings(uri, clientId).topics(List.of(TOPIC)).qos(qos)
                    .receiveMaximum(RECEIVE_MAXIMUM).bufferCapacity(10_000).sessionExpiry(Duration.ofHours(1));
            // Simulated times are days away from now: widen the event-time bounds for the benchmark.
            JsonDecoder decoder = JsonDecoder.builder("bench").keyField("bus").timeField("ts")
                    .field("in", "boardings").field("out", "alightings").field("capacity", "capacity")
                    .label("stop", "stop").label("route", "route")
                    .limits(new DecodeLimits(64 * 1024, Duration.ofDays(3650), Duration.ofDays(3650))).build();
            source = new MqttSource("bench", settings, decoder);
            ReadingSink sink = (reading, ack) -> {
                count.incrementAndGet();
                ack.acknowledge();
            };
            source.start(sink, DeadLetterSink.DISCARD);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!source.isConnected() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }

        @Override
        public void close() {
            source.close();
        }
    }
}
