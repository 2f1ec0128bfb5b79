package dev.rivulet.streaming;

import dev.rivulet.streaming.clock.Clock;
import dev.rivulet.streaming.clock.SystemClock;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * The entry point: a batch interval, the streams built on it, and the scheduler that runs them.
 *
 * <pre>{@code
 * StreamingContext context = new StreamingContext(Duration.ofSeconds(1));
 * ReceiverInputDStream<Reading> readings = context.receiverStream("doors", 65_536);
 * readings.mapToPair(r -> Pair.of(r.key(), r.value("in") - r.value("out")))
 *         .reduceByKey(Double::sum)
 *         .print();
 * context.start();
 * }</pre>
 *
 * <p>Build every stream and output before {@link #start()}. With a
 * {@link dev.rivulet.streaming.clock.ManualClock} the context runs no threads: each
 * {@code advance} runs the batches it passes, on the caller's thread.
 */
public final class StreamingContext {

    /** The shortest batch interval accepted. */
    public static final Duration MIN_BATCH_INTERVAL = Duration.ofMillis(10);

    /** Lifecycle of a context; it never goes back. */
    public enum State { INITIALIZED, ACTIVE, STOPPED }

    private final long batchIntervalMillis;
    private final Clock clock;
    private final boolean failFast;
    private final PrintStream console;
    private final DStreamGraph graph = new DStreamGraph();
    private final IngestQueue ingest;
    private final List<BatchListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong failures = new AtomicLong();
    private volatile Consumer<StreamError> errorOutput = StreamingContext::logError;
    private final List<Consumer<Throwable>> failureListeners = new CopyOnWriteArrayList<>();
    private final BatchScheduler scheduler;
    private volatile State state = State.INITIALIZED;
    private ReceivedDataLog receivedDataLog;
    private BatchCommitter committer;
    private Recovery recovery;

    /** A context on the system clock. */
    public StreamingContext(Duration batchInterval) {
        this(builder().batchInterval(batchInterval));
    }

    /** A context on the given clock. */
    public StreamingContext(Duration batchInterval, Clock clock) {
        this(builder().batchInterval(batchInterval).clock(clock));
    }

    private StreamingContext(Builder builder) {
        Duration interval = Objects.requireNonNull(builder.batchInterval, "batchInterval");
        if (interval.compareTo(MIN_BATCH_INTERVAL) < 0 || interval.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("batch interval " + interval.toMillis() + " ms"
                    + " is not supported: use whole milliseconds of at least " + MIN_BATCH_INTERVAL.toMillis()
                    + " ms (1 s is typical)");
        }
        this.batchIntervalMillis = interval.toMillis();
        this.clock = builder.clock;
        this.failFast = builder.failFast;
        this.console = builder.console;
        this.ingest = new IngestQueue(builder.maxPendingBatches);
        this.scheduler = new BatchScheduler(this);
    }

    /** Options beyond the batch interval. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- inputs

    /**
     * An input fed by sources through {@link ReceiverInputDStream#receiver()}.
     *
     * @param name     names the receiver in counters and messages
     * @param capacity the most records buffered before pushers wait (backpressure)
     */
    public <T> ReceiverInputDStream<T> receiverStream(String name, int capacity) {
        return new ReceiverInputDStream<>(this, name, capacity);
    }

    /**
     * An input that takes one collection from {@code queue} per batch (an empty batch when the queue is
     * empty), like Spark's {@code queueStream(queue, oneAtATime = true)}. Collections may be added while
     * running; the queue is read under its own monitor.
     */
    public <T> DStream<T> queueStream(Queue<? extends Collection<? extends T>> queue) {
        return new QueueInputDStream<>(this, queue);
    }

    /** The records of all {@code streams}, batch by batch; they must share a slide. */
    public <T> DStream<T> union(List<DStream<T>> streams) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("union: give at least one stream");
        }
        return new UnionDStream<>(streams);
    }

    /** The records of all {@code streams}, batch by batch; they must share a slide (Spark's {@code union(...)}). */
    @SafeVarargs
    public final <T> DStream<T> union(DStream<T>... streams) {
        return union(List.of(streams));
    }

    /** The pairs of all {@code streams}, batch by batch; they must share a slide. */
    @SafeVarargs
    public final <K, V> PairDStream<K, V> union(PairDStream<K, V>... streams) {
        List<DStream<Pair<K, V>>> all = new ArrayList<>(streams.length);
        for (PairDStream<K, V> stream : streams) {
            all.add(stream.stream());
        }
        return new PairDStream<>(union(all));
    }

    /**
     * A function of the batches of several streams at the same time, given in the order of {@code streams}
     * (Spark's {@code transform(list, function)}; each batch carries its time). They must share a slide. When the
     * function throws, the batches are handed to the error output.
     */
    public <T> DStream<T> transform(List<? extends DStream<?>> streams,
                                    Function<? super List<Batch<?>>, ? extends Collection<? extends T>> f) {
        return Installed.OPERATORS.transformAll(streams, f, "transform");
    }

    /** Same as {@link #transform(List, Function)} for a function that returns pairs. */
    public <K, V> PairDStream<K, V> transformToPair(List<? extends DStream<?>> streams,
                                                    Function<? super List<Batch<?>>, ? extends Collection<Pair<K, V>>> f) {
        return new PairDStream<>(Installed.OPERATORS.<Pair<K, V>>transformAll(streams, f, "transformToPair"));
    }

    /**
     * Builds streams under a name, as Flink's {@code uid} names an operator: every stream {@code build} makes carries
     * {@code name} in its identity in checkpoints. Give each pipeline built on shared inputs its own scope (a
     * gateway's pipelines are scoped by their names): its saved state then comes back into it, and into no other,
     * however the pipelines around it change. Without scopes, two pipelines applying the same operators to the same
     * input (with different functions) are told apart by the order they were built in, and exchange their state
     * when built in the other order. A scope inside a scope is named {@code outer/inner}. Before start.
     */
    public void scoped(String name, Runnable build) {
        requireNotStarted("scoped");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("scoped: give the scope a name");
        }
        graph.scoped(name, Objects.requireNonNull(build, "build"));
    }

    /**
     * Makes every stream an output reads keep its batches for at least {@code duration} (Spark's
     * {@code remember}), for {@link DStream#slice}; push-mode streams then keep whole batches, which costs memory.
     * Before start.
     */
    public void remember(Duration duration) {
        requireNotStarted("remember");
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("remember: the duration must be positive, was " + duration);
        }
        graph.remember(duration.toMillis());
    }

    // ---------------------------------------------------------------- observing

    /** Registers a listener told about every completed batch. */
    public void addListener(BatchListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Registers an action told, once, when the engine stops on an error no batch could recover from (a bug, an
     * out-of-memory error): the context is then stopped and processes nothing more. A process serving this
     * context should exit with a non-zero status so that its supervisor restarts it.
     */
    public void onEngineFailure(Consumer<Throwable> listener) {
        failureListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Where records and batches whose user function threw are handed; by default they are logged.
     * Ignored in fail-fast mode, where the first failure stops the context instead.
     */
    public void onError(Consumer<StreamError> output) {
        this.errorOutput = Objects.requireNonNull(output, "output");
    }

    /** How many records and batches have been handed to the error output. */
    public long failedRecords() {
        return failures.get();
    }

    /** Batches whose interval ended but which have not run yet. */
    public int pendingBatches() {
        return ingest.pendingBatches();
    }

    // ---------------------------------------------------------------- durability

    /** Logs every received block before it enters its batch; see {@link ReceivedDataLog}. Before start. */
    public void setReceivedDataLog(ReceivedDataLog log) {
        requireNotStarted("setReceivedDataLog");
        this.receivedDataLog = log;
    }

    /** Told after every batch's outputs, with the state a checkpoint needs. Before start. */
    public void setBatchCommitter(BatchCommitter committer) {
        requireNotStarted("setBatchCommitter");
        this.committer = committer;
    }

    /**
     * Resumes from a checkpoint at start instead of starting afresh. After every stream and output is built,
     * before start.
     *
     * @throws PipelineChangedException if the checkpoint was taken by another pipeline or batch interval; nothing
     *     is restored then, and {@link PipelineChangedException#fitting()} is what of it still fits
     */
    public void recoverFrom(Recovery recovery) {
        requireNotStarted("recoverFrom");
        this.recovery = graph.fit(Objects.requireNonNull(recovery, "recovery"), batchIntervalMillis);
    }

    private synchronized void requireNotStarted(String what) {
        if (state != State.INITIALIZED) {
            throw new IllegalStateException(what + " must be called before start()");
        }
    }

    ReceivedDataLog receivedDataLog() {
        return receivedDataLog;
    }

    BatchCommitter committer() {
        return committer;
    }

    Recovery recovery() {
        return recovery;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Starts batching. The first batch time is the next multiple of the interval on the wall clock;
     * later batches follow on the monotonic clock.
     *
     * @throws IllegalStateException if already started, or if no output was declared
     */
    public synchronized void start() {
        if (state != State.INITIALIZED) {
            throw new IllegalStateException("a StreamingContext starts once; this one is " + state);
        }
        scheduler.start();
        state = State.ACTIVE;
    }

    /**
     * Stops the context. Graceful: refuses new records, lets the batch in flight reach its boundary and
     * runs every batch already queued. Otherwise: stops after the batch running now; queued records are
     * not processed and their completion hooks never run.
     */
    public void stop(boolean graceful) {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            state = State.STOPPED;
        }
        scheduler.stop(graceful);
    }

    /**
     * Waits for the context to stop.
     *
     * @return true if it stopped within the timeout
     * @throws StreamingException if the engine stopped because of a failure (fail-fast mode)
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return scheduler.awaitTermination(timeout);
    }

    /** Where the context is in its life. */
    public State state() {
        return state;
    }

    /** The batch interval. */
    public Duration batchInterval() {
        return Duration.ofMillis(batchIntervalMillis);
    }

    /** The time of the first batch, known once started. */
    public long firstBatchTime() {
        return graph.zeroTime() + batchIntervalMillis;
    }

    // ---------------------------------------------------------------- engine internals

    long batchIntervalMillis() {
        return batchIntervalMillis;
    }

    Clock clock() {
        return clock;
    }

    DStreamGraph graph() {
        return graph;
    }

    IngestQueue ingest() {
        return ingest;
    }

    PrintStream console() {
        return console;
    }

    List<BatchListener> listeners() {
        return listeners;
    }

    long failureCount() {
        return failures.get();
    }

    void engineFailed(Throwable cause) {
        state = State.STOPPED;
        for (Consumer<Throwable> listener : failureListeners) {
            try {
                listener.accept(cause);
            } catch (RuntimeException e) {
                Logger.error(e, "an engine failure listener failed");
            }
        }
    }

    void reportFailure(StreamError error) {
        failures.incrementAndGet();
        if (failFast) {
            throw new StreamingException(error.toString(), error.error());
        }
        try {
            errorOutput.accept(error);
        } catch (RuntimeException e) {
            Logger.error(e, "the error output failed while handling: {}", error);
        }
    }

    private static void logError(StreamError error) {
        Logger.warn(error.error(), "{}; the input was left out of the result", error);
    }

    /** Options for a {@link StreamingContext}. */
    public static final class Builder {
        private Duration batchInterval;
        private Clock clock = SystemClock.INSTANCE;
        private boolean failFast;
        private int maxPendingBatches = 10_000;
        private PrintStream console = System.out;

        private Builder() {
        }

        /** The batch interval: at least 10 ms, whole milliseconds; 1 s is typical. Required. */
        public Builder batchInterval(Duration interval) {
            this.batchInterval = interval;
            return this;
        }

        /** The clock; the system clock by default, a manual clock in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Whether the first failing user function stops the context (tests) instead of being reported. */
        public Builder failFast(boolean failFast) {
            this.failFast = failFast;
            return this;
        }

        /**
         * How many finished intervals may wait for the engine before the timer itself waits: batches are
         * then delayed, never skipped. 10,000 by default.
         */
        public Builder maxPendingBatches(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxPendingBatches must be at least 1, was " + max);
            }
            this.maxPendingBatches = max;
            return this;
        }

        /** Where {@link DStream#print()} writes; standard output by default. */
        public Builder console(PrintStream console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /** Builds the context. */
        public StreamingContext build() {
            return new StreamingContext(this);
        }
    }
}
