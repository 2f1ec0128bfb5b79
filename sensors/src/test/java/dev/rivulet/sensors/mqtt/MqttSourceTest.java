package dev.rivulet.sensors.mqtt;

import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.CollectingSink;
import dev.rivulet.sensors.CollectingSink.Pushed;
import dev.rivulet.sensors.Conditions;
import dev.rivulet.sensors.DeadLetter;
import dev.rivulet.sensors.DeadLetterSink;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.decode.CsvDecoder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledgement counting over a fake connection; the broker tests cover the real thing. */
class MqttSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void tellsItsLinkListenersWhenItIsSubscribedAndWhenTheConnectionIsLost() {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (MqttSource source = new MqttSource("csv", new MqttSettings("tcp://fake:1883", "c").topics(List.of("buses/+/door")),
                CsvDecoder.of("csv", "boardings,alightings", "buses/+/door"), fake, () -> 1000L)) {
            source.onLinkChange(() -> seen.add(source.isReady() + " " + source.problem()));
            source.start(sink, sink);
            assertEquals(List.of("true null"), seen, "subscribed: told once, on the starting thread");
            fake.connected = false;
            fake.listener.connectionLost(new java.io.IOException("broker went away"));
            assertEquals(2, seen.size(), seen.toString());
            assertTrue(seen.get(1).startsWith("false ") && !seen.get(1).endsWith(" null"), seen.toString());
        }
    }

    @Test
    void releasesAMessageOnlyWhenEveryReadingFromItIsAcknowledged() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("csv", new MqttSettings("tcp://fake:1883", "c").topics(List.of("buses/+/door")),
                CsvDecoder.of("csv", "boardings,alightings", "buses/+/door"), fake, () -> 1000L)) {
            source.start(sink, sink);
            fake.listener.messageArrived("buses/4/door", "1,0\n2,1\nx,y\n3,0".getBytes(StandardCharsets.UTF_8), 77, 1, false);
            List<Pushed> got = sink.take(3, WAIT);
            assertEquals(1, sink.awaitDeadLetters(1, WAIT).size());

            got.get(0).ack().acknowledge();
            got.get(0).ack().acknowledge();
            got.get(1).ack().acknowledge();
            assertTrue(fake.acknowledged.isEmpty(), "two of three readings acknowledged, one of them twice");
            got.get(2).ack().acknowledge();
            assertEquals(List.of(77), fake.acknowledged);
            got.get(2).ack().acknowledge();
            assertEquals(List.of(77), fake.acknowledged);
            assertEquals(1, source.counters().received());
            assertEquals(3, source.counters().decoded());
            assertEquals(1, source.counters().deadLettered());
        }
    }

    @Test
    void aMessageOverTheLimitIsAcknowledgedCountedAndDeadLetteredWithoutItsPayload() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        MqttSettings settings = new MqttSettings("tcp://fake:1883", "c").topics(List.of("t/#")).maxMessageBytes(10)
                .maxMessageBytesKey("sources.csv.max-message-bytes");
        try (MqttSource source = new MqttSource("csv", settings, CsvDecoder.of("csv", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            // refused on the wire, never read: 40 MB
            fake.listener.messageRefused("t/big", 21, 1, false, 41_943_040);
            // read (it was within the packet's headroom) but over the payload limit
            fake.listener.messageArrived("t/big", "12345678901".getBytes(StandardCharsets.UTF_8), 22, 1, false);
            // QoS 0, refused on the wire: nothing to acknowledge
            fake.listener.messageRefused("t/other", 0, 0, false, 70_000);
            fake.listener.messageArrived("t/ok", "0000000012".getBytes(StandardCharsets.UTF_8), 23, 1, false);
            List<Pushed> got = sink.take(1, WAIT);
            assertEquals(12.0, got.get(0).reading().value("v"));
            var dead = sink.awaitDeadLetters(3, WAIT);
            assertEquals(List.of("t/big", "t/big", "t/other"), dead.stream().map(d -> d.topic()).toList());
            assertEquals(0, dead.get(0).raw().length, "no payload kept");
            assertEquals(0, dead.get(1).raw().length, "no payload kept");
            assertTrue(dead.get(0).reason().contains("41943040 bytes"), dead.get(0).reason());
            assertTrue(dead.get(0).reason().contains("sources.csv.max-message-bytes"), dead.get(0).reason());
            assertEquals(List.of(21, 22), fake.acknowledged.subList(0, 2), "acknowledged: the broker stops resending them");
            got.get(0).ack().acknowledge();
            assertEquals(List.of(21, 22, 23), fake.acknowledged);
            assertEquals(3, source.counters().oversized());
            assertEquals(3, source.counters().deadLettered());
            assertEquals(1, source.counters().decoded());
        }
    }

    @Test
    void namesTheMessageEveryReadingCameInWithItsDupFlagAndAsItArrived() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("csv", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")),
                CsvDecoder.of("csv", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            byte[] payload = "1\n2".getBytes(StandardCharsets.UTF_8);
            fake.listener.messageArrived("t", payload, 12, 1, true);
            fake.listener.messageArrived("t", "3".getBytes(StandardCharsets.UTF_8), 13, 1, false);
            fake.listener.messageArrived("t", "4".getBytes(StandardCharsets.UTF_8), 0, 0, false);
            List<Pushed> got = sink.take(4, WAIT);
            Delivery first = new Delivery("csv", 12, Delivery.hash("t", payload), true);
            assertEquals(first, got.get(0).ack().delivery());
            assertEquals(first, got.get(1).ack().delivery());
            assertEquals(new Delivery("csv", 13, Delivery.hash("t", "3".getBytes(StandardCharsets.UTF_8)), false),
                    got.get(2).ack().delivery());
            assertNotEquals(Delivery.hash("t", payload), Delivery.hash("u", payload), "the topic is part of the hash");
            assertSame(got.get(0).ack().message(), got.get(1).ack().message(), "one message as it arrived, one instance");
            assertEquals("t", got.get(0).ack().message().topic());
            assertArrayEquals(payload, got.get(0).ack().message().payload());
            assertEquals(1000L, got.get(0).ack().message().time());
            assertArrayEquals("4".getBytes(StandardCharsets.UTF_8), got.get(3).ack().message().payload(), "QoS 0 too");
        }
    }

    @Test
    void neverAcknowledgesAMessageOfALostConnectionOnTheNextOne() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        MqttSettings settings = new MqttSettings("tcp://fake:1883", "c").topics(List.of("t"))
                .reconnectDelays(Duration.ofMillis(1), Duration.ofMillis(2));
        try (MqttSource source = new MqttSource("csv", settings, CsvDecoder.of("csv", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            MqttConnection.Listener lost = fake.listener;
            lost.connectionLost(new IllegalStateException("broker restarted"));
            Conditions.await(() -> fake.listener != lost, WAIT, () -> "reconnected");
            // The lost connection's callback thread hands over one more message after the reconnect began:
            // its packet id may name another message on the new connection.
            lost.messageArrived("t", "1".getBytes(StandardCharsets.UTF_8), 9, 1, false);
            fake.listener.messageArrived("t", "2".getBytes(StandardCharsets.UTF_8), 10, 1, false);
            List<Pushed> got = sink.take(2, WAIT);
            got.get(0).ack().acknowledge();
            got.get(1).ack().acknowledge();
            assertEquals(List.of(10), fake.acknowledged);
        }
    }

    /** Dead letters whose keeping the test decides: a sink that writes them in groups, later. */
    private static final class HeldLetters implements DeadLetterSink {
        final List<DeadLetter> letters = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<Acknowledgement> kept = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void deadLetter(DeadLetter deadLetter) {
            throw new AssertionError("a source that releases messages hands over the acknowledgement with the letter");
        }

        @Override
        public void deadLetter(DeadLetter deadLetter, Acknowledgement ack) {
            letters.add(deadLetter);
            kept.add(ack);
        }
    }

    @Test
    void releasesAMessageOnlyOnceItsDeadLettersAreKeptToo() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        HeldLetters held = new HeldLetters();
        MqttSettings settings = new MqttSettings("tcp://fake:1883", "c").topics(List.of("t/#")).maxMessageBytes(10)
                .maxMessageBytesKey("sources.csv.max-message-bytes");
        try (MqttSource source = new MqttSource("csv", settings, CsvDecoder.of("csv", "v", null), fake, () -> 1000L)) {
            source.start(sink, held);
            fake.listener.messageArrived("t/a", "1\nx".getBytes(StandardCharsets.UTF_8), 31, 1, false);
            fake.listener.messageArrived("t/b", "garbage".getBytes(StandardCharsets.UTF_8), 32, 1, false);
            fake.listener.messageRefused("t/big", 33, 1, false, 70_000);
            fake.listener.messageArrived("t/c", "y".getBytes(StandardCharsets.UTF_8), 34, 0, false);
            List<Pushed> got = sink.take(1, WAIT);
            Conditions.await(() -> held.kept.size() == 4, WAIT, () -> "four dead letters handed over: " + held.letters);
            assertEquals(List.of("t/a", "t/b", "t/big", "t/c"), held.letters.stream().map(DeadLetter::topic).toList());

            got.get(0).ack().acknowledge();
            assertEquals(List.of(), fake.acknowledged, "message 31's reading is logged, its dead letter not yet kept");
            held.kept.get(1).acknowledge();
            held.kept.get(2).acknowledge();
            assertEquals(List.of(32, 33), fake.acknowledged, "released as their dead letters are kept");
            held.kept.get(0).acknowledge();
            held.kept.get(0).acknowledge();
            assertEquals(List.of(32, 33, 31), fake.acknowledged, "released once, when both of its parts are kept");
            held.kept.get(3).acknowledge();
            assertEquals(List.of(32, 33, 31), fake.acknowledged, "QoS 0: nothing to release");
            assertEquals(0, source.bufferedBytes(), "every payload's bytes given back");
        }
    }

    @Test
    void releasesAMessageThatDecodedToNothingAtOnce() {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("csv", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")),
                CsvDecoder.of("csv", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            fake.listener.messageArrived("t", "garbage".getBytes(StandardCharsets.UTF_8), 5, 1, false);
            Conditions.await(() -> fake.acknowledged.contains(5), WAIT, () -> "message 5 released");
            assertEquals("garbage", sink.deadLetters().get(0).rawText());
        }
    }

    @Test
    void wakesTheDeliveryThreadOnceItHasGoneToSleepAndLooksAgainWhileMessagesKeepComing() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("sleepy", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")),
                CsvDecoder.of("sleepy", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            Thread delivery = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("rivulet-mqtt-deliver-sleepy")).findFirst().orElseThrow();
            for (int round = 0; round < 3; round++) {
                // Parked without a deadline: only the callback's wake-up can bring the next message through.
                Conditions.await(() -> delivery.getState() == Thread.State.WAITING, WAIT,
                        () -> "the delivery thread never went to sleep: " + delivery.getState());
                for (int i = 0; i < 100; i++) {
                    fake.listener.messageArrived("t", String.valueOf(round * 100 + i).getBytes(StandardCharsets.UTF_8),
                            round * 100 + i + 1, 1, false);
                }
                List<Pushed> got = sink.take(100, WAIT);
                for (int i = 0; i < 100; i++) {
                    assertEquals((double) (round * 100 + i), got.get(i).reading().value("v"), "in the order they came");
                }
            }
            assertEquals(300, source.counters().decoded());
        }
    }

    @Test
    void dropsQosZeroWhenTheBufferIsFullAndCountsIt() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("n", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")).qos(0)
                .receiveMaximum(2).bufferCapacity(2),
                CsvDecoder.of("n", "v", null), fake, () -> 1000L)) {
            source.start((r, a) -> {
                release.await();
                sink.push(r, a);
            }, sink);
            for (int i = 0; i < 10; i++) {
                fake.listener.messageArrived("t", String.valueOf(i).getBytes(StandardCharsets.UTF_8), 0, 0, false);
            }
            assertEquals(10, source.counters().received());
            long dropped = source.counters().dropped();
            // Held: one being pushed, at most one more taken with it (a batch is at most bufferCapacity), two queued.
            assertTrue(dropped >= 6 && dropped <= 8, "at most four held with a buffer of two, the rest dropped: " + dropped);
            release.countDown();
            assertEquals(10 - dropped, sink.take((int) (10 - dropped), WAIT).size());
        }
    }

    @Test
    void holdsQosOnePayloadsWithinItsByteBudgetUntilTheyAreAcknowledged() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        try (MqttSource source = new MqttSource("big", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t"))
                .bufferBytes(10), CsvDecoder.of("big", "v", null), fake, () -> 1000L)) {
            source.start(new dev.rivulet.sensors.ReadingSink() {
                @Override
                public void push(dev.rivulet.sensors.Reading reading, dev.rivulet.sensors.Acknowledgement ack) {
                    sink.push(reading, ack);
                }

                @Override
                public void flush() {
                    flushes.incrementAndGet();
                }
            }, sink);
            fake.listener.messageArrived("t", "100001".getBytes(StandardCharsets.UTF_8), 1, 1, false);
            Pushed first = sink.take(1, WAIT).get(0);
            assertEquals(6, source.bufferedBytes(), "held until acknowledged");

            // Paho's callback thread with the next message: 6 + 6 bytes do not fit in 10, so it waits.
            Thread callback = new Thread(() -> fake.listener.messageArrived("t", "100002".getBytes(StandardCharsets.UTF_8),
                    2, 1, false), "paho-callback");
            callback.start();
            Conditions.await(() -> callback.getState() == Thread.State.TIMED_WAITING, WAIT,
                    () -> "the callback waits for the budget: " + callback.getState());
            assertTrue(sink.pending() == 0 && source.counters().received() == 2, "the second message is not taken yet");
            assertTrue(flushes.get() >= 1, "the sink was asked to make what it holds durable now");

            first.ack().acknowledge();
            callback.join(WAIT.toMillis());
            assertEquals(List.of(1), fake.acknowledged);
            Pushed second = sink.take(1, WAIT).get(0);
            assertEquals(100002.0, second.reading().value("v"));
            assertEquals(6, source.bufferedBytes());
            second.ack().acknowledge();
            assertEquals(0, source.bufferedBytes());
            assertEquals(List.of(1, 2), fake.acknowledged);
        }
    }

    @Test
    void aMessageWaitingForTheBudgetIsLeftToTheBrokerWhenItsConnectionIsLost() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        CollectingSink sink = new CollectingSink();
        MqttSettings settings = new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")).bufferBytes(10)
                .reconnectDelays(Duration.ofMillis(1), Duration.ofMillis(2));
        try (MqttSource source = new MqttSource("big", settings, CsvDecoder.of("big", "v", null), fake, () -> 1000L)) {
            source.start(sink, sink);
            MqttConnection.Listener lost = fake.listener;
            lost.messageArrived("t", "100001".getBytes(StandardCharsets.UTF_8), 1, 1, false);
            Pushed first = sink.take(1, WAIT).get(0);
            Thread callback = new Thread(() -> lost.messageArrived("t", "100002".getBytes(StandardCharsets.UTF_8), 2, 1, false),
                    "paho-callback");
            callback.start();
            Conditions.await(() -> callback.getState() == Thread.State.TIMED_WAITING, WAIT, () -> "waiting for the budget");

            lost.connectionLost(new IllegalStateException("keep-alive timed out"));
            callback.join(WAIT.toMillis());
            assertTrue(!callback.isAlive(), "the wait ends with the connection: the broker sends the message again");
            Conditions.await(() -> fake.listener != lost, WAIT, () -> "reconnected");
            first.ack().acknowledge();
            assertEquals(List.of(), fake.acknowledged, "the lost connection's messages are never acknowledged");
            assertEquals(0, source.bufferedBytes(), "released all the same");
            assertEquals(0, sink.pending(), "the waiting message was never taken");
        }
    }

    @Test
    void dropsQosZeroWhenItsByteBudgetIsSpentAndCountsIt() throws Exception {
        FakeMqttConnection fake = new FakeMqttConnection();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CollectingSink sink = new CollectingSink();
        try (MqttSource source = new MqttSource("n", new MqttSettings("tcp://fake:1883", "c").topics(List.of("t")).qos(0)
                .bufferBytes(10), CsvDecoder.of("n", "v", null), fake, () -> 1000L)) {
            source.start((r, a) -> {
                release.await();
                sink.push(r, a);
            }, sink);
            for (int i = 0; i < 5; i++) {
                fake.listener.messageArrived("t", ("10000" + i).getBytes(StandardCharsets.UTF_8), 0, 0, false);
            }
            assertEquals(5, source.counters().received());
            assertEquals(4, source.counters().dropped(), "6 bytes held, 6 more would not fit in 10: the rest dropped");
            release.countDown();
            assertEquals(100000.0, sink.take(1, WAIT).get(0).reading().value("v"));
            Conditions.await(() -> source.bufferedBytes() == 0, WAIT, () -> "given back once pushed");
        }
    }
}
