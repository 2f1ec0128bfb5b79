package dev.rivulet.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

/**
 * Runs a pipeline over queued input batches on a manual clock and records what its output received,
 * in the style of Spark's {@code TestSuiteBase.testOperation}.
 */
final class Harness {

    static final Duration B = Duration.ofSeconds(1);

    /** One invocation of the output: at which batch (0-based) and with what records. */
    record Fired<T>(int batch, List<T> records) {
    }

    private Harness() {
    }

    /** Runs {@code batches} batches (empty ones after the input runs out). */
    static <I, O> List<Fired<O>> run(List<? extends Collection<I>> input, int batches,
                                     Function<DStream<I>, DStream<O>> pipeline) {
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).failFast(true).build();
        Queue<Collection<I>> queue = new ArrayDeque<>(input);
        List<Fired<O>> fired = new ArrayList<>();
        pipeline.apply(context.queueStream(queue)).foreachBatch(batch -> fired.add(
                new Fired<>((int) ((batch.time() - context.firstBatchTime()) / B.toMillis()), batch.records())));
        context.start();
        clock.advance(B.multipliedBy(batches));
        context.stop(false);
        return fired;
    }

    /** As {@link #run}, with as many batches as inputs. */
    static <I, O> List<Fired<O>> run(List<? extends Collection<I>> input, Function<DStream<I>, DStream<O>> pipeline) {
        return run(input, input.size(), pipeline);
    }

    /** Compares each firing's records as a multiset: record order within a batch is not semantics. */
    static <O> void assertOutputs(List<? extends Collection<O>> expected, List<Fired<O>> actual) {
        assertEquals(expected.size(), actual.size(), () -> "firings: expected " + expected + " but got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(sorted(expected.get(i)), sorted(actual.get(i).records()),
                    "records of firing " + i + " (batch " + actual.get(i).batch() + ")");
        }
    }

    static List<Integer> firingBatches(List<? extends Fired<?>> fired) {
        List<Integer> batches = new ArrayList<>();
        for (Fired<?> f : fired) {
            batches.add(f.batch());
        }
        return batches;
    }

    static List<String> sorted(Collection<?> records) {
        List<String> text = new ArrayList<>();
        for (Object record : records) {
            text.add(String.valueOf(record));
        }
        text.sort(null);
        return text;
    }


    static Pair<String, Integer> p(String key, int value) {
        return Pair.of(key, value);
    }
}
