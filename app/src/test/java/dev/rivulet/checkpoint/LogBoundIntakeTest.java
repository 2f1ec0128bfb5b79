package dev.rivulet.checkpoint;

import static dev.rivulet.sensors.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.ingest.ReceiverSink;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver log that reached its size bound because no checkpoint prunes it keeps every record it was given,
 * and the sources stop: a push waits, unacknowledged, until a checkpoint prunes the log, or is refused when the
 * gateway stops meanwhile.
 */
class LogBoundIntakeTest {

    private static final Duration B = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock();
    private Store store;
    private StreamingContext context;
    private StoreJournal journal;
    private ReceiverSink sink;

    @BeforeEach
    void startWithALogOfOneByte() {
        store = SqliteStore.open(StoreConfig.builder(dir).logMaxBytes(1).build(), Clock.systemUTC());
        context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> doors = context.receiverStream("doors", 64);
        doors.foreachBatch(batch -> { });
        journal = new StoreJournal(store.receiverLog(), new RecordCodec());
        context.setReceivedDataLog(journal);
        context.start();
        sink = new ReceiverSink(doors.receiver(), journal.health()::awaitIntake);
    }

    @AfterEach
    void stop() {
        journal.health().releaseIntake();
        context.stop(false);
        store.close();
    }

    @Test
    void aFullLogStopsIntakeKeepsItsRecordsAndOpensAgainOnceACheckpointPrunesIt() throws Exception {
        push("a");
        push("b");
        clock.advance(B);
        await("the log to reach its bound", () -> journal.health().logBoundReached() != null);
        assertEquals(List.of("a", "b"), acknowledged);
        assertTrue(journal.health().logBoundReached().contains("StoreConfig.logMaxBytes = 1"),
                journal.health().logBoundReached());

        Thread late = pushInThread("late");
        await("the late push to wait", () -> late.getState() == Thread.State.WAITING);
        clock.advance(B);
        assertEquals(2, store.receiverLog().recordCount(), "a full log deletes nothing");
        assertEquals(List.of("a", "b"), acknowledged, "a reading the gateway cannot log is not acknowledged");

        store.receiverLog().pruneThrough(journal.lastSequence());
        journal.prunedByCheckpoint();
        late.join(60_000);
        clock.advance(B);
        await("the late reading to be logged and acknowledged", () -> acknowledged.contains("late"));
    }

    @Test
    void aPushWaitingForRoomIsRefusedUnacknowledgedWhenTheGatewayStops() throws Exception {
        push("a");
        clock.advance(B);
        await("the log to reach its bound", () -> journal.health().logBoundReached() != null);
        Thread late = pushInThread("late");
        await("the late push to wait", () -> late.getState() == Thread.State.WAITING);

        journal.health().releaseIntake();
        late.join(60_000);
        assertEquals(1, sink.refused());
        assertEquals(List.of("a"), acknowledged);
    }

    private void push(String key) throws InterruptedException {
        sink.push(Reading.of("doors", key, 0, 0, Map.of("in", 1.0)), new Acknowledgement() {
            @Override
            public void acknowledge() {
                acknowledged.add(key);
            }

            @Override
            public Delivery delivery() {
                return null;
            }
        });
    }

    private Thread pushInThread(String key) {
        Thread thread = new Thread(() -> {
            try {
                push(key);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "source " + key);
        thread.start();
        return thread;
    }
}
