package dev.rivulet.bench;

import dev.rivulet.sensors.Reading;
import dev.rivulet.sensors.ReadingSchema;
import dev.rivulet.streaming.BatchInfo;
import dev.rivulet.streaming.DStream;
import dev.rivulet.streaming.Pair;
import dev.rivulet.streaming.PairDStream;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's throughput benchmark: synthetic bus readings over 1,000 keys through
 * filter → reduceByKey → updateStateByKey and reduceByKeyAndWindow(30 batches, slide 1, with inverse),
 * 1 s batches.
 *
 * <pre>
 * java -Xmx64m -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.EngineBenchmark receiver [seconds]
 * java -Xmx64m -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.EngineBenchmark rate 1000000 [seconds]
 * java -Xmx64m -cp app/target/rivulet.jar:app/target/test-classes dev.rivulet.bench.EngineBenchmark queue [batches]
 * </pre>
 *
 * {@code receiver}: one thread pushes as fast as backpressure lets it, the engine thread keeps up;
 * {@code rate}: the same at a fixed rate, to read per-batch processing time; {@code queue}: batches
 * handed over whole on a manual clock, no thread hand-over, the engine alone.
 */
public final class EngineBenchmark {

    private static final Duration B = Duration.ofSeconds(1);
    private static final int KEYS = 1000;
    private static final int WARM_UP_BATCHES = 5;

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "receiver";
        switch (mode) {
            case "receiver" -> receiver(Long.MAX_VALUE, args.length > 1 ? Integer.parseInt(args[1]) : 20);
            case "rate" -> receiver(Long.parseLong(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 20);
            case "queue" -> queue(args.length > 1 ? Integer.parseInt(args[1]) : 20);
            default -> {
                System.err.println("usage: EngineBenchmark receiver [seconds] | rate PER_SECOND [seconds] | queue [batches]");
                System.exit(2);
            }
        }
    }

    /** A pool of readings cycled by the feeder: building readings is the source's cost, not the engine's. */
    static Reading[] readings(int count) {
        ReadingSchema schema = ReadingSchema.of("boardings", "alightings");
        java.util.Random random = new java.util.Random(42);
        String[] buses = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            buses[i] = "bus-" + i;
        }
        Reading[] pool = new Reading[count];
        for (int i = 0; i < count; i++) {
            // One reading in fifty is faulty (negative), for the filter to drop.
            double in = random.nextInt(50) == 0 ? -1 : random.nextInt(6);
            pool[i] = new Reading("bench", buses[random.nextInt(KEYS)], 0, 0, schema,
                    new double[] {in, random.nextInt(6)}, null);
        }
        return pool;
    }

    /** The pipeline under test; returns a counter of the window's output records, so nothing is optimised away. */
    static AtomicLong pipeline(DStream<Reading> input) {
        AtomicLong sink = new AtomicLong();
        DStream<Reading> valid = input.filter(r -> r.value(0) >= 0 && r.value(1) >= 0);
        PairDStream<String, Long> net = valid
                .mapToPair(r -> Pair.of(r.key(), (long) (r.value(0) - r.value(1))))
                .reduceByKey(Long::sum);
        net.<Long>updateStateByKey((values, state) -> {
            long total = state.orElse(0L);
            for (long v : values) {
                total += v;
            }
            return Optional.of(Math.max(0L, total));
        }).foreachBatch(batch -> sink.addAndGet(batch.size()));
        valid.mapToPair(r -> Pair.of(r.key(), (long) r.value(0)))
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, B.multipliedBy(30), B)
                .foreachBatch(batch -> sink.addAndGet(batch.size()));
        return sink;
    }

    private static void receiver(long perSecond, int seconds) throws Exception {
        StreamingContext context = new StreamingContext(B);
        ReceiverInputDStream<Reading> input = context.receiverStream("bench", 65_536);
        AtomicLong sink = pipeline(input);
        List<BatchInfo> infos = new CopyOnWriteArrayList<>();
        context.addListener(infos::add);
        Reading[] pool = readings(1 << 14);
        context.start();
        Thread feeder = new Thread(() -> feed(input, pool, perSecond), "feeder");
        feeder.setDaemon(true);
        feeder.start();
        while (infos.size() < WARM_UP_BATCHES) {
            Thread.sleep(10);
        }
        long cpuBefore = engineCpuNanos();
        while (infos.size() < WARM_UP_BATCHES + seconds) {
            Thread.sleep(10);
        }
        long engineCpu = engineCpuNanos() - cpuBefore;
        context.stop(false);
        report("receiver" + (perSecond == Long.MAX_VALUE ? "" : " at " + perSecond + "/s"),
                infos.subList(WARM_UP_BATCHES, WARM_UP_BATCHES + seconds), input.receiver().stats().blocked(), sink);
        System.out.printf("  engine thread CPU: %.1f ms per 1 s batch in all (push work while open + work after close)%n",
                engineCpu / 1e6 / seconds);
    }

    private static long engineCpuNanos() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("rivulet-engine")) {
                return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
            }
        }
        throw new IllegalStateException("no engine thread");
    }

    private static void feed(ReceiverInputDStream<Reading> input, Reading[] pool, long perSecond) {
        int mask = pool.length - 1;
        long start = System.nanoTime();
        long sent = 0;
        try {
            while (true) {
                for (int i = 0; i < 1000; i++) {
                    if (!input.receiver().push(pool[(int) (sent++ & mask)])) {
                        return;
                    }
                }
                if (perSecond != Long.MAX_VALUE) {
                    long due = start + sent * 1_000_000_000L / perSecond;
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void queue(int batches) {
        ManualClock clock = new ManualClock();
        StreamingContext context = StreamingContext.builder().batchInterval(B).clock(clock).build();
        Queue<List<Reading>> queue = new ConcurrentLinkedQueue<>();
        AtomicLong sink = pipeline(context.queueStream(queue));
        List<BatchInfo> infos = new ArrayList<>();
        context.addListener(infos::add);
        // One batch of a million readings, queued again for every batch: the records are shared, not copied.
        Reading[] pool = readings(1 << 14);
        List<Reading> batch = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            batch.add(pool[i & (pool.length - 1)]);
        }
        List<Reading> shared = Collections.unmodifiableList(batch);
        context.start();
        long[] wall = new long[WARM_UP_BATCHES + batches];
        for (int k = 0; k < wall.length; k++) {
            queue.add(shared);
            long t0 = System.nanoTime();
            clock.advance(B);
            wall[k] = System.nanoTime() - t0;
        }
        context.stop(false);
        long total = 0;
        for (int k = WARM_UP_BATCHES; k < wall.length; k++) {
            total += wall[k];
        }
        System.out.printf("queue: %,d readings per batch, %d batches: %,.0f readings/s on the engine thread alone%n",
                shared.size(), batches, shared.size() * (double) batches / (total / 1e9));
        printMemory(sink);
    }

    private static void report(String name, List<BatchInfo> measured, long blockedPushes, AtomicLong sink) {
        long records = 0;
        List<Long> processing = new ArrayList<>();
        long maxDelay = 0;
        for (BatchInfo info : measured) {
            records += info.records();
            processing.add(info.processingTime().toNanos() / 1000);
            maxDelay = Math.max(maxDelay, info.schedulingDelay().toMillis());
        }
        Collections.sort(processing);
        System.out.printf("%s: %,d readings in %d batches of 1 s: %,.0f readings/s%n", name, records, measured.size(),
                records / (double) measured.size());
        System.out.printf("  processing time per batch (after close): median %.1f ms, max %.1f ms;"
                        + " max scheduling delay %d ms; pushes that waited for room: %,d%n",
                processing.get(processing.size() / 2) / 1000.0, processing.get(processing.size() - 1) / 1000.0,
                maxDelay, blockedPushes);
        printMemory(sink);
    }

    private static void printMemory(AtomicLong sink) {
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        long collections = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            collections += gc.getCollectionCount();
            gcMillis += gc.getCollectionTime();
        }
        System.out.printf("  max heap %d MB, peak heap used (sum of pool peaks) %d MB, %d collections taking %d ms;"
                        + " %,d output records%n", Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20,
                collections, gcMillis, sink.get());
    }
}
