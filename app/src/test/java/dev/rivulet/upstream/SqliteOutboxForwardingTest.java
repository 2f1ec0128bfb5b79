package dev.rivulet.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.Checkpointer;
import dev.rivulet.checkpoint.OutboxBuffer;
import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.storage.OutboxMessage;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.EngineState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder on a real SQLite file, woken by the {@link Checkpointer} that queued the messages: they go out
 * in order, leave the file once delivered, and the same outputs queued again after a restart are not resent.
 */
class SqliteOutboxForwardingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static OutboxMessage alert(String bus, long batchTime) {
        String id = "capacity/" + bus + "/" + batchTime;
        return new OutboxMessage(id, "alerts/" + bus, id.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    private static EngineState stateAfter(long batchTime) {
        return new EngineState(0, 1000, batchTime, Map.of());
    }

    @Test
    void checkpointedAlertsAreForwardedOnceInOrderAndSurviveARestart() throws Exception {
        FakePublisher publisher = new FakePublisher();
        ForwarderSettings settings = new ForwarderSettings("gw", "gw/dropped", Duration.ofSeconds(1),
                Duration.ofSeconds(1), WAIT, Duration.ofHours(1), 4);
        List<OutboxMessage> first = List.of(alert("bus1", 1000), alert("bus2", 1000), alert("bus1", 2000));
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            OutboxBuffer buffer = new OutboxBuffer();
            Checkpointer checkpointer = new Checkpointer(store, new RecordCodec(), null, buffer, 1, System::nanoTime);
            // The link is down when the first alerts are committed: they wait on disk.
            publisher.connected(false);
            SteppingSleeper sleeper = new SteppingSleeper();
            try (OutboxForwarder forwarder = new OutboxForwarder(store.outbox(), publisher, settings, sleeper)) {
                checkpointer.afterCommit(forwarder::wake);
                forwarder.start();
                assertTrue(sleeper.awaitSleeps(1, WAIT));
                buffer.add(first.get(0));
                buffer.add(first.get(1));
                checkpointer.batchCompleted(stateAfter(1000));
                buffer.add(first.get(2));
                checkpointer.batchCompleted(stateAfter(2000));
                assertEquals(3, store.outbox().depth());
                assertEquals(0, publisher.attempts());

                publisher.connected(true);
                sleeper.allow(Long.MAX_VALUE / 4);
                assertTrue(forwarder.awaitDrained(WAIT));
                assertEquals(ids(first), publisher.deliveredPayloads());

                // Idle now; a new commit wakes it (the idle poll is an hour).
                buffer.add(alert("bus3", 3000));
                checkpointer.batchCompleted(stateAfter(3000));
                assertTrue(publisher.awaitDelivered(4, WAIT));
                assertTrue(forwarder.awaitDrained(WAIT));
                assertEquals(4, forwarder.published());
            }
        }
        try (Store store = SqliteStore.open(StoreConfig.defaults(dir), Clock.systemUTC())) {
            assertEquals(0, store.outbox().depth(), "delivered messages left the file");
            assertEquals(4, store.outbox().enqueue(List.of(first.get(0), first.get(1), first.get(2),
                    alert("bus3", 3000))).skipped(), "replayed outputs with delivered ids are not queued again");
        }
    }

    private static List<String> ids(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::id).toList();
    }
}
