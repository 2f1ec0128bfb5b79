package dev.rivulet.streaming;

import dev.rivulet.streaming.clock.Clock;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Runs batches: a timer marks boundaries on the monotonic clock, one engine thread does all the work.
 *
 * <pre>
 *  wall clock at start ──► first batch time T = next multiple of B (Spark's rule); zero time = T − B
 *  monotonic clock     ──► boundary k due at start + (T − wall) + k·B, labelled T + k·B
 *
 *   pushers ─► IngestQueue: [block][block][boundary T][block][boundary T+B] ─► engine thread
 * </pre>
 *
 * Labels are computed, never read from the wall clock again, so an NTP jump changes nothing. When a
 * batch runs long, boundaries queue up behind it and the delay shows in {@link BatchInfo}; none is skipped.
 */
final class BatchScheduler {

    private final StreamingContext context;
    private final DStreamGraph graph;
    private final IngestQueue ingest;
    private final Clock clock;
    private final long intervalMillis;
    private final List<Runnable> completionHooks = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);

    private long firstBatchTime;
    private long firstDueNanos;
    private long nextBoundary;
    private long failuresBefore;
    private Thread timerThread;
    private Thread engineThread;
    private Runnable detachClock;
    private volatile boolean stopAtNextBoundary;
    private volatile boolean stopped;
    private volatile Throwable failure;
    private boolean catchingUp;

    BatchScheduler(StreamingContext context) {
        this.context = context;
        this.graph = context.graph();
        this.ingest = context.ingest();
        this.clock = context.clock();
        this.intervalMillis = context.batchIntervalMillis();
    }

    void start() {
        long wall = clock.wallTimeMillis();
        long now = clock.nanoTime();
        Recovery recovery = context.recovery();
        if (recovery == null) {
            firstBatchTime = (Math.floorDiv(wall, intervalMillis) + 1) * intervalMillis;
            firstDueNanos = now + (firstBatchTime - wall) * 1_000_000L;
            graph.start(firstBatchTime - intervalMillis, intervalMillis);
        } else {
            long lastRun = recover(recovery, wall, now);
            firstBatchTime = lastRun + intervalMillis;
            // The next boundary is at most one interval away, even if the wall clock went back while stopped.
            firstDueNanos = now + Math.max(0, Math.min(intervalMillis, firstBatchTime - wall)) * 1_000_000L;
        }
        if (clock instanceof ManualClock manual) {
            detachClock = manual.onAdvance(this::runDueBatches);
            return;
        }
        engineThread = new Thread(this::engineLoop, "rivulet-engine");
        timerThread = new Thread(this::timerLoop, "rivulet-batch-timer");
        timerThread.setDaemon(true);
        engineThread.start();
        timerThread.start();
    }

    /**
     * Puts the saved state back, runs the logged batches after it and the batches missed while stopped,
     * on the caller's thread; returns the last batch time run.
     */
    private long recover(Recovery recovery, long wall, long now) {
        EngineState saved = recovery.state();
        long zero = saved.zeroTime();
        graph.start(zero, intervalMillis);
        graph.restore(saved);
        long lastLogged = recovery.logged().isEmpty() ? saved.batchTime() : recovery.logged().lastKey();
        long missedUntil = zero + Math.floorDiv(wall - zero, intervalMillis) * intervalMillis;
        long last = Math.max(saved.batchTime(), Math.max(lastLogged, missedUntil));
        long batches = (last - saved.batchTime()) / intervalMillis;
        if (batches > 0) {
            Logger.info("resuming after batch {} ms: replaying {} logged batches, {} batches in all up to {} ms",
                    saved.batchTime(), recovery.logged().tailMap(saved.batchTime(), false).size(), batches, last);
        }
        catchingUp = true;
        for (long time = saved.batchTime() + intervalMillis; time <= last; time += intervalMillis) {
            if ((time - zero) % intervalMillis != 0) {
                throw new IllegalStateException("logged batch " + time + " ms is not on this pipeline's batch grid");
            }
            Map<String, List<Object>> records = recovery.logged().getOrDefault(time, Map.of());
            for (Map.Entry<String, List<Object>> entry : records.entrySet()) {
                ReceiverInputDStream<?> stream = ingest.receiver(entry.getKey());
                if (stream == null) {
                    Logger.warn("{} logged records of receiver '{}' for batch {} ms are left out:"
                            + " the pipeline has no such receiver now", entry.getValue().size(), entry.getKey(), time);
                    continue;
                }
                stream.replay(entry.getValue());
                graph.countInput(entry.getValue().size());
            }
            catchingUp = time + intervalMillis <= last;
            runBatch(new IngestQueue.Boundary(time, now));
        }
        catchingUp = false;
        return last;
    }

    private long batchTime(long k) {
        return firstBatchTime + k * intervalMillis;
    }

    private long dueNanos(long k) {
        return firstDueNanos + k * intervalMillis * 1_000_000L;
    }

    // ---------------------------------------------------------------- manual clock: on the caller's thread

    private void runDueBatches() {
        if (stopped) {
            return;
        }
        try {
            while (dueNanos(nextBoundary) <= clock.nanoTime()) {
                ingest.seal(batchTime(nextBoundary), dueNanos(nextBoundary));
                nextBoundary++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Object item;
        while ((item = ingest.poll()) != null && item != IngestQueue.STOP) {
            handle(item);
        }
    }

    // ---------------------------------------------------------------- system clock: two threads

    private void timerLoop() {
        try {
            while (!stopped) {
                clock.sleepUntil(dueNanos(nextBoundary));
                ingest.seal(batchTime(nextBoundary), dueNanos(nextBoundary));
                nextBoundary++;
                if (stopAtNextBoundary) {
                    ingest.stop(true);
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stop(false) interrupts the timer; nothing to clean up.
        }
    }

    private void engineLoop() {
        try {
            Object item;
            while ((item = ingest.take()) != IngestQueue.STOP) {
                handle(item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            failure = e;
            Logger.error(e, "the streaming engine stopped: {}", e.getMessage());
            stopped = true;
            ingest.close();
            if (timerThread != null) {
                timerThread.interrupt();
            }
            context.engineFailed(e);
        } finally {
            terminated.countDown();
        }
    }

    // ---------------------------------------------------------------- the work itself

    private void handle(Object item) {
        if (item instanceof IngestQueue.Block block) {
            BitSet repeats = logBlock(block);
            boolean durable = repeats != null;
            BitSet skip = durable ? repeats : new BitSet();
            block.stream.deliver(block, skip);
            graph.countInput(block.size - skip.cardinality());
            Runnable[] acks = block.acks;
            if (acks != null) {
                for (int i = 0; i < block.size; i++) {
                    if (acks[i] == null) {
                        continue;
                    }
                    if (durable) {
                        runHook(acks[i]);
                    } else {
                        completionHooks.add(acks[i]);
                    }
                }
            }
        } else if (item instanceof IngestQueue.Boundary boundary) {
            runBatch(boundary);
        }
    }

    /**
     * Writes a block to the received-data log, if there is one. Returns null when the block is not durable,
     * else the records the log recognised as repeats of ones it holds (left out of the batch).
     */
    private BitSet logBlock(IngestQueue.Block block) {
        ReceivedDataLog log = context.receivedDataLog();
        if (log == null) {
            return null;
        }
        try {
            List<Object> records = Arrays.asList(block.records).subList(0, block.size);
            return block.tags == null
                    ? log.append(block.stream.name(), graph.currentBatchTime(), records, Collections.nCopies(block.size, null))
                    : log.append(block.stream.name(), graph.currentBatchTime(), records, Arrays.asList(block.tags).subList(0, block.size));
        } catch (RuntimeException e) {
            // The log's owner says when logging stops working and when it works again (StorageHealth).
            Logger.debug("block of receiver '{}' not logged ({}); acknowledged after its batch",
                    block.stream.name(), e.getMessage());
            return null;
        }
    }

    private void runBatch(IngestQueue.Boundary boundary) {
        long time = boundary.batchTime();
        long start = clock.nanoTime();
        graph.closeBatch(time);
        graph.generateJobs(time);
        graph.materializeRememberedPast(time);
        graph.clearMetadata(time, time + intervalMillis);
        commit(time);
        long end = clock.nanoTime();
        for (Runnable hook : completionHooks) {
            runHook(hook);
        }
        completionHooks.clear();
        long failures = context.failureCount();
        BatchInfo info = new BatchInfo(time, graph.takeInputCount(),
                Duration.ofNanos(Math.max(0, start - boundary.dueNanos())), Duration.ofNanos(end - start),
                failures - failuresBefore);
        failuresBefore = failures;
        for (BatchListener listener : context.listeners()) {
            try {
                listener.onBatchCompleted(info);
            } catch (RuntimeException e) {
                Logger.error(e, "a batch listener failed for batch {} ms", time);
            }
        }
    }

    /**
     * Hands the state to the committer; on a failure processing goes on, and the committer tries again at a later
     * batch. The committer's owner says when checkpoints stop working and when they work again (StorageHealth).
     */
    private void commit(long time) {
        BatchCommitter committer = context.committer();
        if (committer == null || catchingUp) {
            return;
        }
        try {
            committer.batchCompleted(graph.snapshot(time, intervalMillis));
        } catch (StreamingException e) {
            throw e;
        } catch (RuntimeException e) {
            Logger.debug("batch {} ms not checkpointed ({}); processing goes on in memory", time, e.getMessage());
        }
    }

    private static void runHook(Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            Logger.error(e, "a completion hook failed");
        }
    }

    // ---------------------------------------------------------------- stopping

    void stop(boolean graceful) {
        if (detachClock != null) {
            stopped = true;
            detachClock.run();
            ingest.close();
            terminated.countDown();
            return;
        }
        if (engineThread == null) {
            terminated.countDown();
            return;
        }
        if (graceful && failure == null) {
            ingest.close();
            stopAtNextBoundary = true;
        } else {
            stopped = true;
            timerThread.interrupt();
            ingest.stop(false);
        }
        try {
            engineThread.join();
            timerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped = true;
    }

    boolean awaitTermination(Duration timeout) throws InterruptedException {
        boolean done = terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        Throwable cause = failure;
        if (cause != null) {
            throw cause instanceof StreamingException se ? se
                    : new StreamingException("the streaming engine stopped: " + cause, cause);
        }
        return done;
    }
}
