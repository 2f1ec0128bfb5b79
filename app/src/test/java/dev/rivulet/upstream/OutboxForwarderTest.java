package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.memory.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The forwarder against the in-memory store and a {@link FakePublisher}: order, deletion only after completion,
 * backoff while the link is down, the dropped-messages report. No test sleeps: each waits on a condition of the
 * fake publisher, the stepping sleeper or {@link OutboxForwarder#awaitDrained}.
 */
class OutboxForwarderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** So long that a test passes only if the forwarder was woken, never by its idle poll. */
    private static final Duration NEVER = Duration.ofHours(1);

    private final FakePublisher publisher = new FakePublisher();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private SteppingSleeper sleeper = SteppingSleeper.unlimited();

    private static ForwarderSettings settings() {
        return new ForwarderSettings("bus-17", "gw/bus-17/dropped", Duration.ofSeconds(1), Duration.ofSeconds(3),
                WAIT, NEVER, 2);
    }

    private static Store memoryStore(int outboxMax) {
        return new InMemoryStore(StoreConfig.builder(Path.of("unused")).outboxMaxMessages(outboxMax).build(),
                Clock.systemUTC());
    }

    private static OutboxMessage message(String id, String topic) {
        return new OutboxMessage(id, topic, id.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static List<OutboxMessage> messages(String... ids) {
        List<OutboxMessage> list = new ArrayList<>();
        for (String id : ids) {
            list.add(message(id, id.startsWith("a") ? "alerts" : "summaries"));
        }
        return list;
    }

    private OutboxForwarder started(Store store) {
        OutboxForwarder forwarder = new OutboxForwarder(store.outbox(), publisher, settings(), sleeper);
        toClose.add(forwarder);
        forwarder.start();
        return forwarder;
    }

    /** Each delay lies in the upper half of its bound (equal jitter), one delay per bound. */
    private static void assertWithinJitter(List<Long> boundsMillis, List<Duration> delays, String what) {
        assertEquals(boundsMillis.size(), delays.size(), what + ": " + delays);
        for (int i = 0; i < delays.size(); i++) {
            long delay = delays.get(i).toMillis();
            long bound = boundsMillis.get(i);
            assertTrue(delay >= bound / 2 && delay <= bound, what + ": delay " + i + " was " + delays);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        sleeper.allow(Long.MAX_VALUE / 4);
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    void failedPublishesAreRetriedWithCappedBackoffAndTheOrderIsKept() throws Exception {
        Store store = memoryStore(100);
        store.outbox().enqueue(messages("a1", "s1", "a2", "s2", "a3"));
        publisher.failNext(4);
        OutboxForwarder forwarder = started(store);

        assertTrue(forwarder.awaitDrained(WAIT));
        assertEquals(List.of("a1", "s1", "a2", "s2", "a3"), publisher.deliveredPayloads(),
                "every retry resumed from the oldest undelivered message");
        assertEquals(9, publisher.attempts(), "4 refused attempts of a1, then one each");
        assertWithinJitter(List.of(1000L, 2000L, 3000L, 3000L), sleeper.delays(), "doubling, capped at maxBackoff");
        assertEquals(4, forwarder.failures());
        assertEquals(5, forwarder.published());
        assertEquals(0, forwarder.depth());
    }

    /** A clean stop waits for the held publish and the rest behind it while the link is up, then says what is left. */
    @Test
    void deliverQueuedWaitsForTheOutboxWhileTheLinkIsUp() throws Exception {
        Store store = memoryStore(100);
        store.outbox().enqueue(messages("a1", "s1"));
        publisher.holdCallbacks();
        OutboxForwarder forwarder = started(store);
        assertTrue(publisher.awaitHeld(1, WAIT));

        Thread broker = new Thread(publisher::releaseAll);
        broker.start();
        assertEquals(0, forwarder.deliverQueued(WAIT), "both delivered once the broker answered");
        broker.join();
        assertEquals(List.of("a1", "s1"), publisher.deliveredPayloads());
    }

    @Test
    void deliverQueuedDoesNotWaitWithTheLinkDown() throws Exception {
        Store store = memoryStore(100);
        publisher.connected(false);
        OutboxForwarder forwarder = started(store);
        store.outbox().enqueue(messages("a1", "s1"));
        assertEquals(2, forwarder.deliverQueued(NEVER), "returns at once, both left for the next start");
    }

    @Test
    void aMessageIsDeletedOnlyOnceItsPublishCompletedAndOnlyOneIsInFlight() throws Exception {
        Store store = memoryStore(100);
        store.outbox().enqueue(messages("a1", "a2"));
        publisher.holdCallbacks();
        OutboxForwarder forwarder = started(store);

        assertTrue(publisher.awaitHeld(1, WAIT));
        assertEquals(2, store.outbox().depth(), "nothing deleted while the broker has not answered");
        assertEquals(1, publisher.attempts(), "the second message waits for the first");

        publisher.releaseOne();
        assertTrue(publisher.awaitHeld(1, WAIT));
        assertEquals(List.of("a2"), store.outbox().pending(10).stream().map(OutboxMessage::id).toList());
        publisher.releaseOne();
        assertTrue(forwarder.awaitDrained(WAIT));
        assertEquals(List.of("a1", "a2"), publisher.deliveredPayloads());
    }

    @Test
    void closingWithAPublishInFlightLeavesTheMessageInTheOutbox() throws Exception {
        Store store = memoryStore(100);
        store.outbox().enqueue(messages("a1"));
        publisher.holdCallbacks();
        OutboxForwarder forwarder = started(store);
        assertTrue(publisher.awaitHeld(1, WAIT));

        forwarder.close();
        publisher.releaseOne();
        assertEquals(1, store.outbox().depth(), "sent again at the next start: at least once, never lost");
        assertEquals(0, forwarder.published());
    }

    @Test
    void whileTheLinkIsDownItWatchesItWithoutPublishingAndResumesWhenItReturns() throws Exception {
        sleeper = new SteppingSleeper();
        Store store = memoryStore(100);
        store.outbox().enqueue(messages("a1", "a2", "a3"));
        publisher.connected(false);
        OutboxForwarder forwarder = started(store);

        sleeper.allow(2);
        assertTrue(sleeper.awaitSleeps(3, WAIT));
        assertEquals(0, publisher.attempts(), "no publish is tried while the publisher says it is disconnected");
        assertEquals(3, store.outbox().depth());

        publisher.connected(true);
        sleeper.allow(1);
        assertTrue(publisher.awaitDelivered(3, WAIT));
        assertTrue(forwarder.awaitDrained(WAIT));
        assertEquals(List.of("a1", "a2", "a3"), publisher.deliveredPayloads());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeper.delays(),
                "one look at the link per minBackoff, never spinning: the client's reconnect is the only back-off");
    }

    @Test
    void messagesDroppedByTheFullOutboxAreReportedFirstThenAcknowledged() throws Exception {
        Store store = memoryStore(2);
        store.outbox().enqueue(messages("a1", "a2", "a3", "a4", "a5"));
        assertEquals(3, store.outbox().droppedUnreported());
        publisher.failNext(1);
        OutboxForwarder forwarder = started(store);

        assertTrue(forwarder.awaitDrained(WAIT));
        List<FakePublisher.Sent> sent = publisher.delivered();
        assertEquals(new FakePublisher.Sent("gw/bus-17/dropped",
                "{\"type\":\"outbox-dropped\",\"count\":3,\"gateway\":\"bus-17\"}", 1), sent.get(0),
                "the report goes out before the surviving messages, once, after its failed attempt");
        assertEquals(List.of("a4", "a5"), sent.subList(1, sent.size()).stream().map(FakePublisher.Sent::payload).toList());
        assertEquals(0, store.outbox().droppedUnreported());
        assertEquals(3, forwarder.droppedReported());
    }

    @Test
    void anIdleForwarderPublishesAsSoonAsItIsWoken() throws Exception {
        Store store = memoryStore(100);
        OutboxForwarder forwarder = started(store);
        assertTrue(forwarder.awaitDrained(WAIT), "idle on an empty outbox");

        store.outbox().enqueue(messages("a1"));
        forwarder.wake();
        assertTrue(publisher.awaitDelivered(1, WAIT), "woken, not waiting for the hour-long idle poll");
    }

    /** The outage line once said "holding 0 messages ... backoff up to PT5S": a count gone stale and an ISO duration. */
    @Test
    void theOutageLineSaysTheCountIsNowAndTheWaitInPlainUnits() {
        String line = OutboxForwarder.outage("the uplink is not connected", null, "0", Duration.ofSeconds(5));
        assertTrue(line.contains("0 waiting now, more with each summary"), line);
        assertTrue(line.endsWith("retrying at least every 5s"), line);
        assertFalse(line.contains("PT"), line);
    }
}
