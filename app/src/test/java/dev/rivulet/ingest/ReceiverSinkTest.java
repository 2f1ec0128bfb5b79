package dev.rivulet.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.sensors.Reading;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
}
