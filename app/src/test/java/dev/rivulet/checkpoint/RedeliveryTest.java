package dev.rivulet.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.ingest.ReceiverSink;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.memory.InMemoryStore;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broker's QoS 1 redelivery (same packet id, DUP flag) of a reading already in the write-ahead log is
 * acknowledged and not counted again, on both stores; anything else is counted.
 */
class RedeliveryTest {

    private static final Duration B = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final List<String> counted = new ArrayList<>();
    private final List<String> acknowledged = new ArrayList<>();

    private Function<Path, Store> stores(String kind) {
        return path -> kind.equals("sqlite") ? SqliteStore.open(StoreConfig.defaults(path), Clock.systemUTC())
                : new InMemoryStore(StoreConfig.defaults(path), Clock.systemUTC());
    }

    /** One engine life on {@code store}: pushes each reading with its delivery, runs one batch, stops. */
    private StoreJournal life(Store store, List<Object[]> pushes) throws InterruptedException {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> doors = context.receiverStream("doors", 64);
        doors.foreachBatch(batch -> batch.forEach(r -> counted.add(r.key())));
        StoreJournal journal = new StoreJournal(store.receiverLog(), new RecordCodec());
        context.setReceivedDataLog(journal);
        context.start();
        ReceiverSink sink = new ReceiverSink(doors.receiver());
        for (Object[] push : pushes) {
            String key = (String) push[0];
            Delivery delivery = (Delivery) push[1];
            sink.push(Reading.of("doors", key, 0, 0, Map.of("in", 1.0)), new Acknowledgement() {
                @Override
                public void acknowledge() {
                    acknowledged.add(key);
                }

                @Override
                public Delivery delivery() {
                    return delivery;
                }
            });
        }
        clock.advance(B.multipliedBy(2));
        context.stop(false);
        return journal;
    }

    private static Object[] push(String key, int packetId, boolean dup) {
        return new Object[] {key, new Delivery("doors", packetId, Delivery.hash("doors/1", key.getBytes()), dup)};
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void aRedeliveryOfALoggedMessageIsAcknowledgedAndNotCountedAgain(String kind) throws Exception {
        try (Store store = stores(kind).apply(dir)) {
            StoreJournal journal = life(store, List.of(
                    push("a", 1, false),
                    push("b", 2, false),
                    push("a", 1, true),       // redelivered while the first copy was still queued: caught
                    push("c", 2, true),       // DUP, same id, other payload: not the logged message, counted
                    push("d", 3, true),       // DUP never seen before (its first copy was lost): counted
                    push("a", 4, false)));    // the same payload again as a new message: counted
            assertEquals(List.of("a", "b", "c", "d", "a"), counted);
            assertEquals(List.of("a", "b", "a", "c", "d", "a"), acknowledged, "every reading is acknowledged");
            assertEquals(1, journal.redeliveriesSkipped());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "sqlite"})
    void aNewMessageReusingAPacketIdReplacesItsMark(String kind) throws Exception {
        try (Store store = stores(kind).apply(dir)) {
            life(store, List.of(push("a", 1, false), push("b", 1, false), push("a", 1, true)));
            assertEquals(List.of("a", "b", "a"), counted, "the DUP of a no longer matches: b took packet id 1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite"})
    void aRedeliveryAfterAPowerCutIsRecognisedFromTheFile(String kind) throws Exception {
        try (Store store = stores(kind).apply(dir)) {
            life(store, List.of(push("a", 1, false), push("b", 2, false)));
        }
        // The process died after logging, before the PUBACKs reached the broker: it resends both with DUP.
        try (Store store = stores(kind).apply(dir)) {
            life(store, List.of(push("a", 1, true), push("b", 2, true), push("c", 3, false)));
        }
        assertEquals(List.of("a", "b", "c"), counted);
        assertEquals(List.of("a", "b", "a", "b", "c"), acknowledged);
    }
}
