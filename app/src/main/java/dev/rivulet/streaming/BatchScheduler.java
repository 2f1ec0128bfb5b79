package dev.rivulet.streaming;

import dev.rivulet.streaming.clock.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Runs batches: a timer seals each boundary of the {@link BatchTimeline} when the monotonic clock reaches it, one
 * engine thread does all the work.
 *
 * <pre>
 *   pushers ─► IngestQueue: [block][block][boundary T][block][boundary T+B] ─► engine thread
 * </pre>
 *
 * When a batch runs long, boundaries queue up behind it and the delay shows in {@link BatchInfo}; none is skipped.
 * A clock moved by hand ({@link Clock#onAdvance}) gets no threads: every move runs the due batches on the moving
 * thread. Recovery ({@link RecoveryReplay}) runs before either, on the caller's thread; when a record is
 * acknowledged and when state is committed is the {@link DurabilityPolicy}'s.
 */
final class BatchScheduler {

    private final StreamingContext context;
    private final DStreamGraph graph;
    private final IngestQueue ingest;
    private final Clock clock;
    private final long intervalMillis;
    private final DurabilityPolicy durability;
    private final CountDownLatch terminated = new CountDownLatch(1);

    private BatchTimeline timeline;
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
        this.durability = new DurabilityPolicy(context);
    }

    void start() {
        long wall = clock.wallTimeMillis();
        long now = clock.nanoTime();
        Recovery recovery = context.recovery();
        if (recovery == null) {
            timeline = BatchTimeline.fresh(intervalMillis, wall, now);
            graph.start(timeline.zeroTime(), intervalMillis);
        } else {
            long lastRun = RecoveryReplay.replay(recovery, graph, ingest, intervalMillis, wall, now, this::runBatch);
            timeline = BatchTimeline.resumed(intervalMillis, lastRun, wall, now);
        }
        Optional<Runnable> byHand = clock.onAdvance(this::runDueBatches);
        if (byHand.isPresent()) {
            detachClock = byHand.get();
            return;
        }
        engineThread = new Thread(this::engineLoop, "rivulet-engine");
        timerThread = new Thread(this::timerLoop, "rivulet-batch-timer");
        timerThread.setDaemon(true);
        engineThread.start();
        timerThread.start();
    }

    // ---------------------------------------------------------------- a clock moved by hand: on the mover's thread

    private void runDueBatches() {
        if (stopped) {
            return;
        }
        try {
            while (timeline.nextDueNanos() <= clock.nanoTime()) {
                sealNext();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        IngestQueue.Item item;
        while ((item = ingest.poll()) != null && !(item instanceof IngestQueue.Stop)) {
            handle(item);
        }
    }

    // ---------------------------------------------------------------- a clock that moves by itself: two threads

    private void timerLoop() {
        try {
            while (!stopped) {
                clock.sleepUntil(timeline.nextDueNanos());
                sealNext();
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
            IngestQueue.Item item;
            while (!((item = ingest.take()) instanceof IngestQueue.Stop)) {
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

    private void sealNext() throws InterruptedException {
        ingest.seal(timeline.nextBatchTime(), timeline.nextDueNanos());
        timeline.advance();
    }

    // ---------------------------------------------------------------- the work itself

    private void handle(IngestQueue.Item item) {
        if (item instanceof IngestQueue.Block block) {
            durability.deliver(block);
        } else if (item instanceof IngestQueue.Boundary boundary) {
            runBatch(boundary, false);
        }
    }

    private void runBatch(IngestQueue.Boundary boundary, boolean catchingUp) {
        long time = boundary.batchTime();
        long start = clock.nanoTime();
        graph.closeBatch(time);
        graph.generateJobs(time);
        graph.materializeRememberedPast(time);
        graph.clearMetadata(time, time + intervalMillis);
        durability.commit(time, intervalMillis, catchingUp);
        long end = clock.nanoTime();
        durability.batchDone();
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
