package dev.rivulet.streaming;

import dev.rivulet.streaming.clock.Clock;
import dev.rivulet.streaming.clock.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
        firstBatchTime = (Math.floorDiv(wall, intervalMillis) + 1) * intervalMillis;
        firstDueNanos = now + (firstBatchTime - wall) * 1_000_000L;
        graph.start(firstBatchTime - intervalMillis, intervalMillis);
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
        } finally {
            terminated.countDown();
        }
    }

    // ---------------------------------------------------------------- the work itself

    private void handle(Object item) {
        if (item instanceof IngestQueue.Block block) {
            block.stream.deliver(block);
            graph.countInput(block.size);
            Runnable[] acks = block.acks;
            if (acks != null) {
                for (int i = 0; i < block.size; i++) {
                    if (acks[i] != null) {
                        completionHooks.add(acks[i]);
                    }
                }
            }
        } else if (item instanceof IngestQueue.Boundary boundary) {
            runBatch(boundary);
        }
    }

    private void runBatch(IngestQueue.Boundary boundary) {
        long time = boundary.batchTime();
        long start = clock.nanoTime();
        graph.closeBatch(time);
        graph.generateJobs(time);
        graph.clearMetadata(time, time + intervalMillis);
        long end = clock.nanoTime();
        for (Runnable hook : completionHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                Logger.error(e, "a batch-completion hook failed for batch {} ms", time);
            }
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
