package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The threaded scheduler on the real clock: every pushed record is counted once, and stop is graceful. */
class SystemClockTest {

    @Test
    void everyRecordIsProcessedOnceAcrossBatchesAndAGracefulStop() throws Exception {
        StreamingContext context = new StreamingContext(Duration.ofMillis(20));
        ReceiverInputDStream<Integer> input = context.receiverStream("numbers", 1024);
        AtomicLong counted = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong batches = new AtomicLong();
        CountDownLatch someBatchesDone = new CountDownLatch(3);
        input.count().foreachBatch(batch -> counted.addAndGet(batch.records().get(0)));
        context.addListener(info -> {
            batches.incrementAndGet();
            someBatchesDone.countDown();
        });
        context.start();
        int records = 200_000;
        for (int i = 0; i < records; i++) {
            input.receiver().push(i, acknowledged::incrementAndGet);
        }
        assertTrue(someBatchesDone.await(30, TimeUnit.SECONDS));
        context.stop(true);
        assertTrue(context.awaitTermination(Duration.ofSeconds(30)));
        assertEquals(records, counted.get(), "the batch in flight is finished on a graceful stop");
        assertEquals(records, acknowledged.get());
        assertTrue(batches.get() >= 3);
    }
}
