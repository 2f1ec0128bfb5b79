package dev.rivulet.checkpoint;

import dev.rivulet.sensors.Reading;
import dev.rivulet.storage.Store;
import dev.rivulet.storage.StoreConfig;
import dev.rivulet.storage.sqlite.SqliteStore;
import dev.rivulet.streaming.ReceiverInputDStream;
import dev.rivulet.streaming.Recovery;
import dev.rivulet.streaming.StreamingContext;
import dev.rivulet.streaming.clock.ManualClock;
import dev.rivulet.upstream.ForwarderSettings;
import dev.rivulet.upstream.OutboxForwarder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link EngineCrashIT}, and the uninterrupted reference run in-process: the
 * {@link BusOccupancyWorkload} pipeline with the write-ahead log, a checkpoint every batch and the outbox
 * forwarder, on a SQLite file. At start it recovers and resumes its source at the first batch not yet run.
 *
 * <p>Arguments: state directory, seed, number of batches. Prints {@code recovering}, {@code resumed T}, {@code batch T} after each
 * batch, {@code done} once every batch ran and the outbox is empty.
 */
public final class EngineCrashWorker {

    static final String DELIVERED_FILE = "delivered.log";

    private EngineCrashWorker() {
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]), System.out);
        // Do not wait for anything else: the test reads "done" and the process ends.
        System.exit(0);
    }

    /** Runs (or resumes) the workload up to {@code batches} batches. */
    static void run(Path directory, long seed, int batches, PrintStream progress) throws Exception {
        long interval = BusOccupancyWorkload.INTERVAL.toMillis();
        RecordCodec codec = dev.rivulet.pipeline.PipelineKinds.registerCodecs(new RecordCodec());
        try (Store store = SqliteStore.open(StoreConfig.defaults(directory), Clock.systemUTC());
             FileAppendingPublisher publisher = new FileAppendingPublisher(directory.resolve(DELIVERED_FILE))) {
            ManualClock clock = new ManualClock();
            StreamingContext context = new StreamingContext(BusOccupancyWorkload.INTERVAL, clock);
            OutboxBuffer outbox = new OutboxBuffer();
            ReceiverInputDStream<Reading> doors = BusOccupancyWorkload.pipeline(context, outbox);
            StoreJournal journal = new StoreJournal(store.receiverLog(), codec);
            Checkpointer checkpointer = new Checkpointer(store, codec, journal, outbox, 1, System::nanoTime);
            context.setReceivedDataLog(journal);
            context.setBatchCommitter(checkpointer);
            AtomicLong lastRun = new AtomicLong(Long.MIN_VALUE);
            context.addListener(info -> lastRun.set(info.batchTime()));

            // Sinks before sources: the forwarder runs before the engine replays and produces anything.
            ForwarderSettings settings = ForwarderSettings.defaults("crash-test")
                    .withBackoff(Duration.ofMillis(2), Duration.ofMillis(20));
            try (OutboxForwarder forwarder = new OutboxForwarder(store.outbox(), publisher, settings)) {
                checkpointer.afterCommit(forwarder::wake);
                forwarder.start();
                progress.println("recovering");
                Optional<Recovery> recovery = CheckpointRecovery.load(store, codec, interval);
                recovery.ifPresent(context::recoverFrom);
                context.start();
                // The source's position is the next batch time: the batch after the last one the engine ran
                // (replayed from the log, or restored from the checkpoint when nothing was logged after it),
                // or the first batch of a fresh start.
                long restored = recovery.map(r -> r.state().batchTime()).orElse(Long.MIN_VALUE);
                long last = Math.max(restored, lastRun.get());
                long next = last == Long.MIN_VALUE ? context.firstBatchTime() : last + interval;
                progress.println("resumed " + next);
                for (long time = next; time <= batches * interval; time += interval) {
                    for (Reading reading : BusOccupancyWorkload.readings(seed, time)) {
                        doors.receiver().push(reading);
                    }
                    clock.advance(BusOccupancyWorkload.INTERVAL);
                    progress.println("batch " + time);
                }
                context.stop(false);
                if (!forwarder.awaitDrained(Duration.ofMinutes(1))) {
                    throw new IllegalStateException("the outbox did not drain: " + forwarder.depth() + " left");
                }
            }
        }
        progress.println("done");
        progress.flush();
    }
}
