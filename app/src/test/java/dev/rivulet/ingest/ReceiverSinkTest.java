package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rivulet.checkpoint.RecordCodec;
import dev.rivulet.checkpoint.StoreJournal;
import dev.rivulet.sensors.Acknowledgement;
import dev.rivulet.sensors.Delivery;
import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.memory.InMemoryStore;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverSinkTest {

    private static final Duration B = Duration.ofSeconds(1);

    @Test
    void acknowledgesAfterTheBatchCompletesAndNeverAfterStop() throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 16);
        List<Integer> sizes = new ArrayList<>();
        AtomicInteger acknowledged = new AtomicInteger();
        input.foreachBatch(batch -> sizes.add(batch.size() * 100 + acknowledged.get()));
        ReceiverSink sink = new ReceiverSink(input.receiver());
        context.start();

        Reading reading = Reading.of("door", "bus-1", 0, 0, Map.of("in", 2.0, "out", 1.0));
        sink.push(reading, acknowledged::incrementAndGet);
        sink.push(reading, acknowledged::incrementAndGet);
        assertEquals(0, acknowledged.get(), "nothing is acknowledged before its batch completes");
        clock.advance(B);
        assertEquals(List.of(200), sizes, "the output saw both readings and no acknowledgement yet");
        assertEquals(2, acknowledged.get());

        context.stop(false);
        sink.push(reading, acknowledged::incrementAndGet);
        assertEquals(2, acknowledged.get());
        assertEquals(1, sink.refused());
    }

    @Test
    void aFlushHasTheLogTakeWhatWasPushedNowAndLeavesItInItsBatch(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        StreamingContext context = new StreamingContext(B, clock);
        ReceiverInputDStream<Reading> input = context.receiverStream("doors", 64);
        List<Integer> sizes = new ArrayList<>();
        input.foreachBatch(batch -> sizes.add(batch.size()));
        try (InMemoryStore store = new InMemoryStore(StoreConfig.defaults(dir), Clock.systemUTC())) {
            context.setReceivedDataLog(new StoreJournal(store.receiverLog(), new RecordCodec()));
            AtomicInteger pushes = new AtomicInteger();
            ReceiverSink sink = new ReceiverSink(input.receiver(), ReceiverSink.Intake.OPEN, RateLimit.NONE,
                    pushes::incrementAndGet);
            context.start();

            CountDownLatch durable = new CountDownLatch(2);
            Reading reading = Reading.of("door", "bus-1", 0, 0, Map.of("in", 2.0, "out", 1.0));
            for (int id = 1; id <= 2; id++) {
                Delivery delivery = new Delivery("doors", id, id, false);
                sink.push(reading, new Acknowledgement() {
                    @Override
                    public void acknowledge() {
                        durable.countDown();
                    }

                    @Override
                    public Delivery delivery() {
                        return delivery;
                    }
                });
            }
            assertEquals(2, pushes.get(), "told after each reading");
            clock.advance(Duration.ZERO);   // the engine takes what is queued for it, as its thread would
            assertEquals(2, durable.getCount(), "a block of 32 with 2 readings waits for the batch's end");
            sink.flush();
            clock.advance(Duration.ZERO);
            assertEquals(0, durable.getCount(), "logged, so acknowledged, before the batch ended");
            assertEquals(List.of(), sizes);
            clock.advance(B);
            assertEquals(List.of(2), sizes, "both in the batch of their interval");
            context.stop(false);
        }
    }
}
