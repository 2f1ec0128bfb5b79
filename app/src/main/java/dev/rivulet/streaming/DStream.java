package dev.rivulet.streaming;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A discretized stream: one {@link Batch} of records every {@link #slideDuration()}, as in Spark Streaming.
 *
 * <p>Streams are built before {@link StreamingContext#start()} and are immutable afterwards. Each
 * operator method returns a new stream and leaves this one as it was.
 *
 * <h2>How batches are computed</h2>
 * Two ways, chosen per stream when the context starts, with the same results:
 * <ul>
 *   <li><b>Push.</b> Per-record and per-batch operators ({@code map}, {@code filter}, {@code reduceByKey},
 *   {@code count}…) whose parents are push streams too run while the batch is still open, on each record
 *   as it arrives. Raw records are kept for a batch only when something needs the batch whole (a window,
 *   an output). That is how a second of input at millions of readings per second fits in a small heap.</li>
 *   <li><b>Pull.</b> Everything else (windows, state, joins, {@code transform}) is computed when the batch
 *   closes, Spark's way: {@link #compute(long)} asks its parents for their batches by time, and results are
 *   remembered as long as a later batch may still ask for them.</li>
 * </ul>
 *
 * @param <T> the record type
 */
public abstract class DStream<T> {

    private final StreamingContext context;
    private final String operator;
    private final TreeMap<Long, Batch<T>> generated = new TreeMap<>();
    private long rememberMillis;
    private long checkpointMillis;

    /** The scope it was built in ({@link StreamingContext#scoped}), set as it registers; null: none. */
    String scope;

    // Push-mode wiring, set by the graph at start and only touched on the engine's thread.
    boolean pushMode;
    ArrayList<T> openRecords;
    private List<Inlet<? super T>> inletList = new ArrayList<>();
    private Inlet<? super T>[] inlets = emptyInlets();

    /**
     * Registers the stream with its context.
     *
     * @param context  the context the stream belongs to
     * @param operator the operator's name, used in error messages and reports
     */
    protected DStream(StreamingContext context, String operator) {
        this.context = Objects.requireNonNull(context, "context");
        this.operator = Objects.requireNonNull(operator, "operator");
        context.graph().add(this);
    }

    // ---------------------------------------------------------------- the contract for operators

    /** How often this stream produces a batch, in milliseconds: a multiple of the batch interval. */
    protected abstract long slideMillis();

    /** The streams this one reads. */
    protected abstract List<DStream<?>> dependencies();

    /**
     * Computes the batch for {@code validTime} from the parents' batches (pull mode).
     * Called at most once per time; the result is remembered.
     *
     * @return the batch, or empty when this stream has nothing at that time
     */
    protected abstract Optional<Batch<T>> compute(long validTime);

    /**
     * How much longer than this stream's own memory its parents must remember their batches:
     * a window reaches back its length.
     */
    protected long parentRememberExtraMillis() {
        return 0;
    }

    /**
     * Whether computing a batch reads this stream's own earlier batch (state, incremental windows): such
     * a stream's last batch is state that a checkpoint must keep.
     */
    protected boolean readsOwnPast() {
        return false;
    }

    /**
     * Set at start: whether a checkpoint must keep this stream's remembered batches because a later batch
     * reads them — it reads its own past, or a window over it does. (Spark's remember durations spread a
     * window's reach to every ancestor, which neither a checkpoint nor memory needs: once a batch is computed and
     * remembered, nobody asks its ancestors for that time again; see DStreamGraph's reachInto.)
     */
    boolean pastIsNeeded;

    /**
     * What else, besides the operator, the slide and the parents, decides this stream's records — a window's
     * length, a state's timeout — as text. Part of the stream's identity in checkpoints, so a checkpoint taken
     * with a 10-minute window is not put back into a 5-minute one.
     */
    protected String parameters() {
        return "";
    }

    /** Whether this stream can run in push mode, given push-mode parents. */
    boolean supportsPush() {
        return false;
    }

    /** Push mode: the batch at {@code time} closes; combining streams emit their results here. */
    void onBatchClose(long time) {
    }

    /** Push mode: called once at start, before the first record arrives. */
    void preparePush() {
    }

    // ---------------------------------------------------------------- helpers for operators

    /** The context this stream belongs to. */
    public final StreamingContext context() {
        return context;
    }

    /** The operator's name, e.g. {@code "map"}. */
    public final String operator() {
        return operator;
    }

    /** How often this stream produces a batch. */
    public final Duration slideDuration() {
        return Duration.ofMillis(slideMillis());
    }

    /** The batch {@code stream} produced at {@code time}, computing it if needed. */
    protected static <X> Optional<Batch<X>> batchOf(DStream<X> stream, long time) {
        return stream.getOrCompute(time);
    }

    /** The batches {@code stream} produced in {@code [fromTime, toTime]}, oldest first. */
    protected static <X> List<Batch<X>> batchesOf(DStream<X> stream, long fromTime, long toTime) {
        return stream.batchesIn(fromTime, toTime);
    }

    /** A batch over {@code records}, which the caller hands over and never changes again. */
    protected static <X> Batch<X> batchOfList(long time, List<X> records) {
        return Batch.adopt(time, records);
    }

    /** One batch holding the records of {@code parts}, without copying them. */
    protected static <X> Batch<X> concatenate(long time, List<Batch<X>> parts) {
        return Batch.concat(time, parts);
    }

    /** The slide of another stream, in milliseconds. */
    protected static long slideOf(DStream<?> stream) {
        return stream.slideMillis();
    }

    /**
     * Reports that a user function threw on {@code input}: counted and handed to the error output,
     * or rethrown as a {@link StreamingException} in fail-fast mode.
     */
    protected final void reportFailure(long batchTime, Object input, RuntimeException error) {
        context.reportFailure(new StreamError(operator, batchTime, input, error));
    }

    /** The time before the first batch: batch k has time {@code zeroTime() + (k + 1) · interval}. */
    protected final long zeroTime() {
        return context.graph().zeroTime();
    }

    /** The interval set with {@link #checkpoint(Duration)}, or 0 when none was set. */
    protected final long checkpointMillis() {
        return checkpointMillis;
    }

    /** The time of the batch now open (push mode) or being computed. */
    protected final long currentBatchTime() {
        return context.graph().currentBatchTime();
    }

    // ---------------------------------------------------------------- Spark's generated-RDD bookkeeping

    final Optional<Batch<T>> getOrCompute(long time) {
        Batch<T> cached = generated.get(time);
        if (cached != null) {
            return Optional.of(cached);
        }
        if (!isTimeValid(time)) {
            return Optional.empty();
        }
        if (!restored && time <= context.graph().restoredUpTo()) {
            // A stream the checkpoint did not hold (added since, or computed differently) has no past from
            // before the restart: its batches there are empty, as before a first start.
            return Optional.empty();
        }
        if (pushMode) {
            throw new IllegalStateException(operator + " was asked for batch " + time
                    + " ms, which it no longer remembers (remembers " + rememberMillis + " ms)");
        }
        Optional<Batch<T>> computed = compute(time);
        computed.ifPresent(batch -> generated.put(time, batch));
        return computed;
    }

    final boolean isTimeValid(long time) {
        long zero = context.graph().zeroTime();
        return time > zero && (time - zero) % slideMillis() == 0;
    }

    final List<Batch<T>> batchesIn(long fromTime, long toTime) {
        long zero = context.graph().zeroTime();
        long slide = slideMillis();
        long from = zero + Math.floorDiv(fromTime - zero, slide) * slide;
        long to = zero + Math.floorDiv(toTime - zero, slide) * slide;
        List<Batch<T>> batches = new ArrayList<>();
        for (long time = from; time <= to; time += slide) {
            if (time >= zero) {
                getOrCompute(time).ifPresent(batches::add);
            }
        }
        return batches;
    }

    final void setRememberMillis(long millis) {
        rememberMillis = millis;
    }

    final long rememberMillis() {
        return rememberMillis;
    }

    /** Forgets batches no later batch can ask for. */
    final void clearMetadata(long time) {
        generated.headMap(time - rememberMillis, true).clear();
    }

    /** Whether a checkpoint put this stream's past back. */
    private boolean restored;

    /** Recovery: puts back batches a checkpoint saved. */
    @SuppressWarnings("unchecked")
    final void restoreBatches(Map<Long, List<?>> batches) {
        restored = true;
        batches.forEach((time, records) -> generated.put(time, Batch.adopt(time, (List<T>) records)));
    }

    /** Every batch this stream still remembers, by time: what a checkpoint must save. */
    final TreeMap<Long, Batch<T>> rememberedBatches() {
        return generated;
    }

    // ---------------------------------------------------------------- push-mode plumbing

    final void addInlet(Inlet<? super T> inlet) {
        inletList.add(inlet);
        inlets = inletList.toArray(emptyInlets());
    }

    /** Push mode: hands one record produced for the open batch to every consumer. */
    final void emit(T record) {
        if (openRecords != null) {
            openRecords.add(record);
        }
        Inlet<? super T>[] targets = inlets;
        for (int i = 0; i < targets.length; i++) {
            targets[i].accept(record);
        }
    }

    /** Push mode: the open batch ends; results become the batch for {@code time}. */
    final void closeBatch(long time) {
        onBatchClose(time);
        if (openRecords != null) {
            generated.put(time, Batch.adopt(time, openRecords));
            openRecords = new ArrayList<>();
        }
    }

    @SuppressWarnings("unchecked")
    private static <X> Inlet<? super X>[] emptyInlets() {
        return (Inlet<? super X>[]) new Inlet<?>[0];
    }

    // ---------------------------------------------------------------- per-record operators

    /** Applies {@code f} to every record. */
    public <U> DStream<U> map(Function<? super T, ? extends U> f) {
        return Installed.OPERATORS.map(this, f, "map");
    }

    /** Applies {@code f} to every record and keeps every record of the collection it returns. */
    public <U> DStream<U> flatMap(Function<? super T, ? extends Iterable<? extends U>> f) {
        return Installed.OPERATORS.flatMap(this, f, "flatMap");
    }

    /** Keeps the records for which {@code predicate} is true. */
    public DStream<T> filter(Predicate<? super T> predicate) {
        return Installed.OPERATORS.filter(this, predicate);
    }

    /** Applies {@code f} to every record and keeps every pair of the collection it returns. */
    public <K, V> PairDStream<K, V> flatMapToPair(Function<? super T, ? extends Iterable<Pair<K, V>>> f) {
        return new PairDStream<>(Installed.OPERATORS.<T, Pair<K, V>>flatMap(this, f, "flatMapToPair"));
    }

    /**
     * Applies {@code f} to an iterator over each whole batch, once per batch, an empty one included: a batch is one
     * partition in one process. When it throws, the batch is handed to the error output.
     */
    public <U> DStream<U> mapPartitions(Function<? super Iterator<T>, ? extends Iterator<? extends U>> f) {
        return Installed.OPERATORS.mapPartitions(this, f, "mapPartitions");
    }

    /** Same as {@link #mapPartitions(Function)} for a function that returns pairs. */
    public <K, V> PairDStream<K, V> mapPartitionsToPair(Function<? super Iterator<T>, ? extends Iterator<Pair<K, V>>> f) {
        return new PairDStream<>(Installed.OPERATORS.<T, Pair<K, V>>mapPartitions(this, f, "mapPartitionsToPair"));
    }

    /** One record per batch: the batch's records as a list (Spark gives one per partition; a batch is one). */
    public DStream<List<T>> glom() {
        return Installed.OPERATORS.<T, List<T>>mapPartitions(this, records -> {
            List<T> all = new ArrayList<>();
            records.forEachRemaining(all::add);
            return List.of(Collections.unmodifiableList(all)).iterator();
        }, "glom");
    }

    /**
     * The same records: accepted for source compatibility with Spark, where it reshuffles a batch into
     * {@code numPartitions} partitions. A batch is one partition in one process, so it changes nothing.
     */
    public DStream<T> repartition(int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return Installed.OPERATORS.<T, T>map(this, record -> record, "repartition");
    }

    /** Spark's {@code cache()}: batches are always kept in memory as long as needed, so it changes nothing. */
    public DStream<T> cache() {
        return this;
    }

    /** Spark's {@code persist()}: as {@link #cache()}, it changes nothing. */
    public DStream<T> persist() {
        return this;
    }

    /** Turns every record into a key and a value. */
    public <K, V> PairDStream<K, V> mapToPair(Function<? super T, Pair<K, V>> f) {
        return new PairDStream<>(Installed.OPERATORS.<T, Pair<K, V>>map(this, f, "map"));
    }

    /** The records of this stream and of {@code other}, batch by batch; both must have the same slide. */
    public DStream<T> union(DStream<T> other) {
        return new UnionDStream<>(List.of(this, other));
    }

    /** Applies a function to each whole batch; when it throws, the batch is handed to the error output. */
    public <U> DStream<U> transform(Function<? super Batch<T>, ? extends Collection<? extends U>> f) {
        return Installed.OPERATORS.transform(this, f);
    }

    /**
     * Applies a function to this stream's batch and {@code other}'s batch of the same time; both must have the
     * same slide. When it throws, both batches are handed to the error output.
     */
    public <U, W> DStream<W> transformWith(DStream<U> other,
                                          BiFunction<? super Batch<T>, ? super Batch<U>, ? extends Collection<? extends W>> f) {
        return Installed.OPERATORS.<W>transformAll(List.of(this, other), batches -> f.apply(cast(batches.get(0)), cast(batches.get(1))),
                "transformWith");
    }

    /** Same as {@link #transformWith} for a function that returns pairs. */
    public <U, K, V> PairDStream<K, V> transformWithToPair(DStream<U> other,
            BiFunction<? super Batch<T>, ? super Batch<U>, ? extends Collection<Pair<K, V>>> f) {
        return new PairDStream<>(Installed.OPERATORS.<Pair<K, V>>transformAll(List.of(this, other),
                batches -> f.apply(cast(batches.get(0)), cast(batches.get(1))), "transformWithToPair"));
    }

    @SuppressWarnings("unchecked")
    private static <X> Batch<X> cast(Batch<?> batch) {
        return (Batch<X>) batch;
    }

    /** Same as {@link #transform(Function)} for a function that returns pairs. */
    public <K, V> PairDStream<K, V> transformToPair(
            Function<? super Batch<T>, ? extends Collection<Pair<K, V>>> f) {
        return new PairDStream<>(Installed.OPERATORS.<T, Pair<K, V>>transform(this, f));
    }

    // ---------------------------------------------------------------- per-batch aggregates

    /** One record per batch: how many records the batch holds, 0 for an empty batch. */
    public DStream<Long> count() {
        return Installed.OPERATORS.count(this);
    }

    /** How many times each distinct record occurs in the batch. */
    public PairDStream<T, Long> countByValue() {
        return new PairDStream<>(Installed.OPERATORS.countByValue(this));
    }

    /** As {@link #countByValue()}; the partition count changes nothing in one process. */
    public PairDStream<T, Long> countByValue(int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return countByValue();
    }

    /** The batch reduced to one record with {@code f}; nothing for an empty batch. */
    public DStream<T> reduce(BinaryOperator<T> f) {
        return Installed.OPERATORS.reduce(this, f);
    }

    // ---------------------------------------------------------------- windows

    /**
     * The batches this stream produced from {@code fromTime} to {@code toTime} inclusive (times in epoch
     * milliseconds, rounded down to the stream's slide), oldest first — those it still remembers: a stream
     * remembers what its consumers need, or longer with {@link StreamingContext#remember(Duration)}. Call it from
     * an output action or a transform function, on the engine's thread.
     *
     * @throws IllegalStateException if the context has not started, or no output reads this stream
     */
    public List<Batch<T>> slice(long fromTime, long toTime) {
        if (context.state() == StreamingContext.State.INITIALIZED || rememberMillis == 0) {
            throw new IllegalStateException(operator + " cannot be sliced: " + (rememberMillis == 0 && context.state()
                    != StreamingContext.State.INITIALIZED ? "no output reads it" : "the context has not started"));
        }
        long zero = zeroTime();
        long slide = slideMillis();
        List<Batch<T>> batches = new ArrayList<>();
        for (long time = zero + Math.floorDiv(fromTime - zero, slide) * slide; time <= toTime; time += slide) {
            Batch<T> batch = generated.get(time);
            if (batch != null) {
                batches.add(batch);
            }
        }
        return batches;
    }

    /** All records of the last {@code length} of batches, every batch. */
    public DStream<T> window(Duration length) {
        return window(length, slideDuration());
    }

    /**
     * All records of the last {@code length} of batches, every {@code slide}. Both must be multiples
     * of this stream's slide; early windows are partial.
     */
    public DStream<T> window(Duration length, Duration slide) {
        return Installed.OPERATORS.window(this, length, slide, "window");
    }

    /** The window reduced to one record with {@code f}; recomputed from per-batch results each time. */
    public DStream<T> reduceByWindow(BinaryOperator<T> f, Duration length, Duration slide) {
        return reduce(f).window(length, slide).reduce(f);
    }

    /**
     * The window reduced to one record, incrementally: {@code inverse} removes the batches that left
     * the window. Once a record has arrived, a value is produced at every slide.
     */
    public DStream<T> reduceByWindow(BinaryOperator<T> f, BinaryOperator<T> inverse, Duration length,
                                     Duration slide) {
        return mapToPair(record -> Pair.of(Boolean.TRUE, record))
                .reduceByKeyAndWindow(f, inverse, length, slide)
                .map(Pair::value);
    }

    /**
     * How many records the window holds, incrementally. Before the first record ever arrives it
     * produces an empty batch; after that one number per slide, 0 for an empty window.
     */
    public DStream<Long> countByWindow(Duration length, Duration slide) {
        return map(record -> 1L).reduceByWindow(Long::sum, (a, b) -> a - b, length, slide);
    }

    /** How many times each distinct record occurs in the window; only records present are produced. */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide) {
        return mapToPair(record -> Pair.of(record, 1L))
                .reduceByKeyAndWindow(Long::sum, (a, b) -> a - b, length, slide, pair -> pair.value() != 0L);
    }

    /** As {@link #countByValueAndWindow(Duration, Duration)}; the partition count changes nothing in one process. */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide, int numPartitions) {
        Partitioner.checkCount(numPartitions);
        return countByValueAndWindow(length, slide);
    }

    // ---------------------------------------------------------------- checkpointing

    /**
     * Spark's {@code checkpoint(interval)}: a multiple of the slide. Rivulet saves state after every batch
     * through its {@link BatchCommitter} whatever the interval; what the interval decides, as in Spark, is when
     * {@code mapWithState} removes timed-out keys (see {@link MapWithStateDStream#checkpoint(Duration)}). On
     * other streams it changes nothing. Before start.
     *
     * @return this stream
     */
    public DStream<T> checkpoint(Duration interval) {
        if (context.state() != StreamingContext.State.INITIALIZED) {
            throw new IllegalStateException("checkpoint must be called before start()");
        }
        long slide = slideMillis();
        if (interval == null || interval.toNanos() % 1_000_000 != 0 || interval.toMillis() < slide
                || interval.toMillis() % slide != 0) {
            throw new IllegalArgumentException("the checkpoint interval of " + operator + " is " + interval
                    + " but must be a whole multiple of its slide " + Durations.format(slide)
                    + " (the slide itself means every batch)");
        }
        checkpointMillis = interval.toMillis();
        return this;
    }

    // ---------------------------------------------------------------- outputs

    /**
     * Runs {@code action} on every batch this stream produces, in the order outputs were declared.
     * A windowed stream produces batches only at its slide. When {@code action} throws, the batch is
     * handed to the error output and the next output runs.
     */
    public void foreachBatch(Consumer<? super Batch<T>> action) {
        new ForEachDStream<>(this, action);
    }

    /** Prints the first ten records of every batch to the context's console. */
    public void print() {
        print(10);
    }

    /** Prints the first {@code count} records of every batch to the context's console, as Spark does. */
    public void print(int count) {
        PrintStream out = context.console();
        foreachBatch(batch -> {
            StringBuilder text = new StringBuilder(256)
                    .append("-------------------------------------------\n")
                    .append("Time: ").append(batch.time()).append(" ms\n")
                    .append("-------------------------------------------\n");
            List<T> records = batch.records();
            for (int i = 0; i < Math.min(count, records.size()); i++) {
                text.append(records.get(i)).append('\n');
            }
            if (records.size() > count) {
                text.append("...\n");
            }
            out.println(text);
        });
    }

    @Override
    public String toString() {
        return operator + "[slide " + Durations.format(slideMillis()) + "]";
    }

}
