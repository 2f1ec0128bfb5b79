package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.CollectingSink.Pushed;
import dev.rivulet.sensors.Conditions;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSink;
import dev.rivulet.sensors.decode.DecodeLimits;
import dev.rivulet.sensors.decode.JsonDecoder;
import dev.rivulet.sensors.decode.PayloadDecoder;
import dev.rivulet.sensors.simulator.BusSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the MQTT source and publisher must do against a real broker, MQTT 5 and 3.1.1 alike. Each broker gets a
 * subclass that starts it (once per class) and names its URI.
 */
abstract class MqttBrokerContract {
    static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> open = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    abstract String serverUri();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        // Paho's default persistence would have left a folder named after the client id in the working directory.
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("user.dir")))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(run)), "no Paho persistence files");
        }
    }

    String topic(String suffix) {
        return "rivulet-test/" + run + "/" + suffix;
    }

    MqttSettings settings(String clientId, MqttVersion version) {
        return new MqttSettings(serverUri(), clientId + "-" + run).version(version)
                .reconnectDelays(Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    JsonDecoder busDecoder(String source) {
        return busDecoder(source, topic("buses/+/door"));
    }

    JsonDecoder busDecoder(String source, String keyPattern) {
        return JsonDecoder.builder(source).keyPattern(keyPattern)
                .field("in", "boardings").field("out", "alightings").label("stop", "stop").timeField("ts").build();
    }

    MqttSource source(String name, MqttSettings settings, PayloadDecoder decoder, ReadingSink sink, CollectingSink deadLetters) {
        MqttSource source = new MqttSource(name, settings, decoder);
        open.add(source);
        source.start(sink, deadLetters);
        Conditions.await(source::isConnected, WAIT, () -> name + " connected to " + serverUri());
        return source;
    }

    MqttPublisher publisher(MqttVersion version) {
        MqttPublisher publisher = MqttPublisher.open(settings("pub", version).maxInFlight(50));
        open.add(publisher);
        Conditions.await(publisher::isConnected, WAIT, () -> "publisher connected to " + serverUri());
        return publisher;
    }

    /** Publishes every payload at QoS 1 and waits until the broker accepted all of them. */
    static void publishAll(MqttPublisher publisher, String topic, List<String> payloads) throws Exception {
        CountDownLatch done = new CountDownLatch(payloads.size());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (String p : payloads) {
            publisher.publish(topic, p.getBytes(StandardCharsets.UTF_8), 1, false, error -> {
                if (error != null) {
                    failure.set(error);
                }
                done.countDown();
            });
        }
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS), "publishes completed");
        assertNull(failure.get(), "no publish failed");
    }

    /**
     * Takes {@code n} readings acknowledging each as it arrives, as a keeping-up engine does. Holding
     * acknowledgements back would stall HiveMQ, which sends an online subscriber little more until it acknowledges.
     */
    static List<Reading> takeAcknowledging(CollectingSink sink, int n) throws InterruptedException {
        List<Reading> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Pushed p = sink.take(1, WAIT).get(0);
            p.ack().acknowledge();
            out.add(p.reading());
        }
        return out;
    }

    /**
     * Takes readings (acknowledging each) until every message {@code 0..count-1} (by its {@code boardings}) was
     * either acknowledged before the crash or has come again; returns those that came again.
     */
    static Set<Integer> awaitRedelivery(CollectingSink sink, int count, Set<Integer> acknowledged) {
        Set<Integer> redelivered = new HashSet<>();
        Conditions.await(() -> {
            try {
                redelivered.add((int) takeAcknowledging(sink, 1).get(0).value("boardings"));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            for (int i = 0; i < count; i++) {
                if (!acknowledged.contains(i) && !redelivered.contains(i)) {
                    return false;
                }
            }
            return true;
        }, WAIT, () -> "all " + count + " acknowledged before the crash or redelivered after it: acknowledged "
                + acknowledged + ", redelivered " + redelivered);
        return redelivered;
    }

    static String busJson(int bus, int in, long ts) {
        return "{\"bus\":\"" + bus + "\",\"in\":" + in + ",\"out\":1,\"stop\":\"S" + in + "\",\"ts\":" + ts + "}";
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void decodesJsonFromWildcardTopicsAndKeysByTopicLevel(MqttVersion version) throws Exception {
        CollectingSink sink = new CollectingSink();
        MqttSource source = source("doors", settings("doors", version).topics(List.of(topic("buses/+/door"))),
                busDecoder("doors"), sink, sink);
        MqttPublisher publisher = publisher(version);
        long now = System.currentTimeMillis();

        publishAll(publisher, topic("buses/7/door"), List.of(busJson(7, 3, now), busJson(7, 4, now + 1)));
        publishAll(publisher, topic("buses/12/door"), List.of(busJson(12, 5, now + 2)));

        Set<String> seen = new HashSet<>();
        for (Reading r : takeAcknowledging(sink, 3)) {
            seen.add(r.key() + ":" + (int) r.value("boardings") + ":" + r.label("stop"));
            assertEquals(1.0, r.value("alightings"));
            assertEquals("doors", r.source());
        }
        assertEquals(Set.of("7:3:S3", "7:4:S4", "12:5:S5"), seen);
        assertEquals(3, source.counters().decoded());
        assertEquals(0, source.counters().deadLettered());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void redeliversWhatWasNotAcknowledgedWhenTheSubscriberDies(MqttVersion version) throws Exception {
        MqttSettings settings = settings("survivor", version).topics(List.of(topic("buses/+/door")));
        CollectingSink first = new CollectingSink();
        MqttSource dying = source("doors", settings, busDecoder("doors"), first, first);
        MqttPublisher publisher = publisher(version);
        long now = System.currentTimeMillis();
        List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            payloads.add(busJson(1, i, now));
        }
        publishAll(publisher, topic("buses/1/door"), payloads);

        Set<Integer> acknowledged = new HashSet<>();
        for (Reading r : takeAcknowledging(first, 5)) {
            acknowledged.add((int) r.value("boardings"));
        }
        int held = (int) first.take(1, WAIT).get(0).reading().value("boardings");
        dying.kill();

        CollectingSink second = new CollectingSink();
        MqttSource revived = source("doors", settings, busDecoder("doors"), second, second);
        Set<Integer> redelivered = awaitRedelivery(second, 20, acknowledged);
        assertTrue(redelivered.contains(held), "message " + held + " was received but not acknowledged, so it comes again");
        assertTrue(revived.counters().received() >= 20 - acknowledged.size());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void deadLettersEveryKindOfBadPayloadAndKeepsGoing(MqttVersion version) throws Exception {
        CollectingSink sink = new CollectingSink();
        JsonDecoder decoder = JsonDecoder.builder("doors").keyField("bus").field("in", "boardings").timeField("ts")
                .limits(new DecodeLimits(200, Duration.ofMinutes(5), Duration.ofDays(1))).build();
        MqttSource source = source("doors", settings("bad", version).topics(List.of(topic("bad/#"))), decoder, sink, sink);
        MqttPublisher publisher = publisher(version);
        long now = System.currentTimeMillis();
        List<String> bad = List.of(
                "not json at all",
                "{\"bus\":\"1\",\"in\":\"three\"}",
                "{\"bus\":\"1\"}",
                "{\"bus\":\"1\",\"in\":NaN}",
                "{\"bus\":\"1\",\"in\":1e999}",
                "{\"bus\":\"1\",\"in\":1,\"pad\":\"" + "x".repeat(300) + "\"}",
                "{\"bus\":\"1\",\"in\":1,\"ts\":" + (now + Duration.ofDays(30).toMillis()) + "}",
                "{\"bus\":\"1\",\"in\":1,\"ts\":" + (now - Duration.ofDays(30).toMillis()) + "}",
                "[1,2,3]",
                "");
        publishAll(publisher, topic("bad/x"), bad);
        publishAll(publisher, topic("bad/x"), List.of("{\"bus\":\"1\",\"in\":2}"));

        Pushed good = sink.take(1, WAIT).get(0);
        assertEquals(2.0, good.reading().value("boardings"));
        List<DeadLetter> letters = sink.awaitDeadLetters(bad.size(), WAIT);
        assertEquals(bad.size(), letters.size());
        assertEquals(bad.size(), source.counters().deadLettered());
        for (DeadLetter d : letters) {
            assertEquals(topic("bad/x"), d.topic());
            assertTrue(!d.reason().isBlank());
        }
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("exceeds the limit")), "oversize reported");
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("after arrival")), "future time reported");
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("before arrival")), "past time reported");
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("not a number")), "non-numeric field reported");
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("not finite")), "infinite value reported");
        assertTrue(letters.stream().anyMatch(d -> d.reason().contains("missing field")), "missing field reported");
    }

    /**
     * Messages over {@code maxMessageBytes} never reach the decoder and never stop the source: one just over the
     * limit (within the packet's headroom, so every broker sends it) is refused by the source; one of 2 MB is
     * refused on the wire (3.1.1), or on MQTT 5 not sent at all by a broker that honours the Maximum Packet Size
     * the source announced. Either way it is acknowledged, so it does not come again.
     */
    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void refusesMessagesOverTheSizeLimitUnreadAndKeepsGoing(MqttVersion version) throws Exception {
        CollectingSink sink = new CollectingSink();
        JsonDecoder decoder = JsonDecoder.builder("sized").keyField("bus").field("in", "boardings").build();
        MqttSource source = source("sized", settings("sized", version).topics(List.of(topic("sized/#"))).maxMessageBytes(1_000),
                decoder, sink, sink);
        MqttPublisher publisher = publisher(version);
        String pad = "{\"bus\":\"1\",\"in\":9,\"pad\":\"";
        publishAll(publisher, topic("sized/a"), List.of("{\"bus\":\"1\",\"in\":1}", pad + "x".repeat(1_500) + "\"}",
                pad + "x".repeat(2_000_000) + "\"}", "{\"bus\":\"1\",\"in\":2}"));
        List<Reading> got = takeAcknowledging(sink, 2);
        assertEquals(List.of(1.0, 2.0), got.stream().map(r -> r.value("boardings")).toList());
        long expected = version == MqttVersion.V3_1_1 ? 2 : 1;
        Conditions.await(() -> source.counters().oversized() >= expected, WAIT, () -> "oversized: " + source.counters());
        // MQTT 5: 2 if the broker ignored the announced Maximum Packet Size; the wire refused it then.
        assertTrue(source.counters().oversized() <= 2, source.counters().toString());
        List<DeadLetter> letters = sink.awaitDeadLetters((int) source.counters().oversized(), WAIT);
        for (DeadLetter d : letters) {
            assertEquals(0, d.raw().length, "no payload kept: " + d);
            assertTrue(d.reason().contains("over the limit of 1000 bytes"), d.reason());
        }
        assertTrue(source.isConnected(), "still connected");
        publishAll(publisher, topic("sized/a"), List.of("{\"bus\":\"1\",\"in\":3}"));
        assertEquals(3.0, takeAcknowledging(sink, 1).get(0).value("boardings"));
        assertEquals(3, source.counters().decoded());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void stopsTakingMessagesWhileTheEngineIsBehindAndLosesNone(MqttVersion version) throws Exception {
        int receiveMaximum = 10;
        CountDownLatch engineBehind = new CountDownLatch(1);
        CollectingSink collected = new CollectingSink();
        ReadingSink slowEngine = (reading, ack) -> {
            engineBehind.await();
            collected.push(reading, ack);
        };
        MqttSource source = source("slow", settings("slow", version).topics(List.of(topic("slow/+")))
                .receiveMaximum(receiveMaximum).bufferCapacity(receiveMaximum), busDecoder("slow", topic("slow/+")),
                slowEngine, collected);
        MqttPublisher publisher = publisher(version);
        List<String> payloads = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 200; i++) {
            payloads.add(busJson(3, i, now));
        }
        publishAll(publisher, topic("slow/3"), payloads);

        if (version == MqttVersion.V5) {
            // The broker holds all 200 yet may have sent us only receiveMaximum unacknowledged messages.
            assertTrue(source.counters().received() <= receiveMaximum,
                    "received " + source.counters().received() + " with receive maximum " + receiveMaximum);
        }
        assertTrue(source.buffered() <= receiveMaximum);
        engineBehind.countDown();
        Set<Integer> seen = new HashSet<>();
        for (Reading r : takeAcknowledging(collected, 200)) {
            seen.add((int) r.value("boardings"));
        }
        assertEquals(200, seen.size());
        assertEquals(0, collected.deadLetters().size());
        assertEquals(0, source.counters().dropped());
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void publisherSendsRetainedMessagesAndQosZero(MqttVersion version) throws Exception {
        MqttPublisher publisher = publisher(version);
        CompletableFuture<Throwable> retained = new CompletableFuture<>();
        publisher.publish(topic("summary/1"), "42".getBytes(StandardCharsets.UTF_8), 1, true, retained::complete);
        assertNull(retained.get(WAIT.toSeconds(), TimeUnit.SECONDS));

        CollectingSink sink = new CollectingSink();
        source("late", settings("late", version).topics(List.of(topic("summary/+"))).qos(0),
                new dev.rivulet.sensors.decode.NumberDecoder("late", "value", topic("summary/+"), DecodeLimits.DEFAULT), sink, sink);
        Pushed got = sink.take(1, WAIT).get(0);
        assertEquals("1", got.reading().key());
        assertEquals(42.0, got.reading().value("value"));

        CompletableFuture<Throwable> qos0 = new CompletableFuture<>();
        publisher.publish(topic("summary/2"), "7.5".getBytes(StandardCharsets.UTF_8), 0, false, qos0::complete);
        assertNull(qos0.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        Pushed second = sink.take(1, WAIT).get(0);
        assertEquals(7.5, second.reading().value("value"));
        assertEquals(0, publisher.inFlight());
        CompletableFuture<Throwable> clear = new CompletableFuture<>();
        publisher.publish(topic("summary/1"), new byte[0], 1, true, clear::complete);
        assertNull(clear.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void simulatedFleetPublishedOverMqttDecodesBackToTheSameReadings(MqttVersion version) throws Exception {
        CollectingSink sink = new CollectingSink();
        JsonDecoder decoder = JsonDecoder.builder("fleet").keyField("bus").timeField("ts")
                .field("in", "boardings").field("out", "alightings").field("capacity", "capacity")
                .label("stop", "stop").label("route", "route").label("trip", "trip")
                .limits(new DecodeLimits(4096, Duration.ofDays(3650), Duration.ofDays(3650))).build();
        source("fleet", settings("fleet", version).topics(List.of(topic("#"))), decoder, sink, sink);
        MqttPublisher publisher = publisher(version);
        List<Reading> sent = new BusSimulator(BusSimulator.Settings.defaults(11)).next(40);
        CountDownLatch done = new CountDownLatch(sent.size());
        for (Reading r : sent) {
            publisher.publish(topic(dev.rivulet.sensors.simulator.BusJson.topic(r)), dev.rivulet.sensors.simulator.BusJson.encode(r),
                    1, false, e -> done.countDown());
        }
        assertTrue(done.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Set<String> expected = new HashSet<>();
        sent.forEach(r -> expected.add(r.key() + r.eventTime() + r.fields() + r.labels()));
        Set<String> received = new HashSet<>();
        takeAcknowledging(sink, sent.size()).forEach(r -> received.add(r.key() + r.eventTime() + r.fields() + r.labels()));
        assertEquals(expected, received);
    }

    @ParameterizedTest
    @EnumSource(MqttVersion.class)
    void nothingIsLostWhenTheSubscribingProcessIsKilledBeforeAcknowledging(MqttVersion version) throws Exception {
        String clientId = "killed-" + version + "-" + run;
        String filter = topic("killed/+/door");
        Process child = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), KillTarget.class.getName(),
                serverUri(), clientId, filter, version.name(), "5")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<Integer> acknowledged = new HashSet<>();
        Set<Integer> held = new HashSet<>();
        try (java.io.BufferedReader out = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("READY", out.readLine(), "child subscribed");
            MqttPublisher publisher = publisher(version);
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                payloads.add("{\"in\":" + i + "}");
            }
            publishAll(publisher, topic("killed/9/door"), payloads);
            while (held.isEmpty()) {
                String line = out.readLine();
                assertTrue(line != null, "child printed its readings");
                int n = Integer.parseInt(line.substring(line.indexOf(' ') + 1));
                (line.startsWith("ACKED") ? acknowledged : held).add(n);
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "child killed");
        }
        assertEquals(5, acknowledged.size());

        CollectingSink sink = new CollectingSink();
        source("doors", settings("unused", version).clientId(clientId).topics(List.of(filter)),
                JsonDecoder.builder("doors").keyPattern(filter).field("in", "boardings").build(), sink, sink);
        Set<Integer> redelivered = awaitRedelivery(sink, 20, acknowledged);
        assertTrue(redelivered.containsAll(held), "received but unacknowledged " + held + " came again");
    }
}
