package dev.rivulet.streaming;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which streams exist and how batches flow between them; knows nothing of threads or time.
 *
 * <p>Streams register as they are built, but an operator may build its own parent after registering
 * itself ({@code reduceByKeyAndWindow} does), so the order streams run in is derived from the graph.
 */
final class DStreamGraph {

    private final List<DStream<?>> streams = new ArrayList<>();
    private final List<ForEachDStream<?>> outputs = new ArrayList<>();
    private List<DStream<?>> needed = List.of();
    private List<DStream<?>> pushStreams = List.of();
    private Map<String, DStream<?>> byId = Map.of();
    private StreamIds ids;
    private boolean started;
    private long zeroTime;
    private long currentBatchTime;
    private long inputRecords;
    private long restoredUpTo = Long.MIN_VALUE;
    private long userRememberMillis;
    private String scope;

    synchronized void add(DStream<?> stream) {
        if (started) {
            throw new IllegalStateException("cannot add " + stream.operator()
                    + " after the StreamingContext started: build every stream and output before start()");
        }
        stream.scope = scope;
        streams.add(stream);
    }

    /** The streams {@code build} makes are in the scope {@code name}, inside the scope already open if any. */
    void scoped(String name, Runnable build) {
        String outer;
        synchronized (this) {
            outer = scope;
            scope = outer == null ? name : outer + "/" + name;
        }
        try {
            build.run();
        } finally {
            synchronized (this) {
                scope = outer;
            }
        }
    }

    /** Spark's {@code remember}: every stream an output reads keeps its batches at least this long. */
    synchronized void remember(long millis) {
        userRememberMillis = millis;
    }

    synchronized void addOutput(ForEachDStream<?> output) {
        outputs.add(output);
    }

    /** The time before the first batch; batch k has time {@code zeroTime + (k + 1) * interval}. */
    long zeroTime() {
        if (!started) {
            throw new IllegalStateException("the StreamingContext has not started: batch times are not known yet");
        }
        return zeroTime;
    }

    /** The batch a checkpoint restored the graph to; streams it did not hold have no batches up to it. */
    long restoredUpTo() {
        return restoredUpTo;
    }

    long currentBatchTime() {
        return currentBatchTime;
    }


    /** Wires push mode and remember durations; only streams some output reads take part. */
    synchronized void start(long zero, long batchInterval) {
        if (outputs.isEmpty()) {
            throw new IllegalStateException(
                    "no output operations registered, so nothing to execute: add foreachBatch or print to a stream");
        }
        this.zeroTime = zero;
        this.currentBatchTime = zero + batchInterval;
        this.needed = neededByOutputs();
        Map<DStream<?>, List<DStream<?>>> children = childrenOf(needed);
        List<DStream<?>> push = new ArrayList<>();
        for (DStream<?> stream : needed) {
            stream.pushMode = stream.supportsPush()
                    && stream.dependencies().stream().allMatch(parent -> parent.pushMode);
            if (stream.pushMode) {
                push.add(stream);
            }
        }
        for (DStream<?> stream : push) {
            wirePush(stream, children.get(stream), userRememberMillis > 0);
        }
        this.pushStreams = List.copyOf(push);
        this.ids = StreamIds.of(needed, streams, batchInterval);
        this.byId = ids.byId();
        for (DStream<?> stream : needed) {
            stream.pastIsNeeded = stream.readsOwnPast();
        }
        for (DStream<?> stream : needed) {
            if (stream.parentRememberExtraMillis() > 0) {
                stream.dependencies().forEach(parent -> parent.pastIsNeeded = true);
            }
        }
        for (int i = needed.size() - 1; i >= 0; i--) {
            DStream<?> stream = needed.get(i);
            long remember = Math.max(stream.slideMillis(), userRememberMillis);
            for (DStream<?> child : children.get(stream)) {
                remember = Math.max(remember, reachInto(child) + child.parentRememberExtraMillis());
            }
            stream.setRememberMillis(remember);
        }
        started = true;
    }

    /**
     * How far back {@code child} may ask its parents for batches, its window aside. In Spark every child may be
     * computed late, when its own children ask, so a parent remembers as long as its longest-remembering descendant: a
     * window of summaries over a ledger made every ancestor keep 20 s of door events. Here a push-mode child takes
     * its records as they come and never asks, and a pull-mode child whose past is needed is computed at each of its
     * own batch times ({@link #materializeRememberedPast}) and then keeps the batch itself, so both ask only for
     * what their next batch covers. Any other child is computed when asked, as in Spark.
     */
    private static long reachInto(DStream<?> child) {
        return child.pushMode || child.pastIsNeeded ? child.slideMillis() : child.rememberMillis();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void wirePush(DStream stream, List<DStream<?>> children, boolean remembered) {
        boolean keepWholeBatch = remembered;
        for (DStream<?> child : children) {
            if (child.pushMode) {
                stream.addInlet((Inlet) child);
            } else {
                keepWholeBatch = true;
            }
        }
        if (keepWholeBatch) {
            stream.openRecords = new ArrayList<>();
        }
        stream.preparePush();
    }

    /** Every stream built, in the order they were built. */
    List<DStream<?>> streamsBuilt() {
        return List.copyOf(streams);
    }

    /** Every stream some output reads, parents before children (depth-first post-order). */
    List<DStream<?>> neededByOutputs() {
        Set<DStream<?>> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<DStream<?>> ordered = new ArrayList<>();
        for (DStream<?> output : outputs) {
            visit(output, visited, ordered);
        }
        return ordered;
    }

    private static void visit(DStream<?> stream, Set<DStream<?>> visited, List<DStream<?>> ordered) {
        if (!visited.add(stream)) {
            return;
        }
        for (DStream<?> parent : stream.dependencies()) {
            visit(parent, visited, ordered);
        }
        ordered.add(stream);
    }

    static Map<DStream<?>, List<DStream<?>>> childrenOf(List<DStream<?>> streams) {
        Map<DStream<?>, List<DStream<?>>> children = new IdentityHashMap<>();
        for (DStream<?> stream : streams) {
            children.put(stream, new ArrayList<>());
        }
        for (DStream<?> stream : streams) {
            // A stream listed twice as a parent (s.union(s)) is fed twice, as the union's meaning requires.
            for (DStream<?> parent : stream.dependencies()) {
                children.get(parent).add(stream);
            }
        }
        return children;
    }

    /** Closes the open batch in every push stream, parents first. */
    void closeBatch(long time) {
        currentBatchTime = time;
        for (DStream<?> stream : pushStreams) {
            stream.closeBatch(time);
        }
    }

    /** Runs every output for {@code time}, in declaration order. */
    void generateJobs(long time) {
        for (ForEachDStream<?> output : outputs) {
            output.runJob(time);
        }
    }

    /**
     * Computes, at its own time, every batch a later batch will read back: the batches of pull-mode streams
     * whose past a window, a state or an inverse window reads. An output may ask for such a stream only every
     * few batches (a window sliding by a period asks at the period's end), and lazily that would compute the
     * batches in between only then, from parents that run in push mode and keep their batches in memory
     * alone. A checkpoint taken between two such asks would miss those batches, and after a restart the
     * window would ask the push-mode parents for batches from before the restart, which they never had.
     * Computed at their own time, the batches are in the stream's memory, and so in every checkpoint.
     *
     * <pre>
     *  batch:          t1   t2   t3   t4   (window of 4 slides at t4)
     *  lazily:          .    .    .   t1..t4 computed at t4  ─ a checkpoint at t2 holds nothing of t1, t2
     *  materialized:   t1   t2   t3   t4                      ─ a checkpoint at t2 holds t1 and t2
     * </pre>
     */
    void materializeRememberedPast(long time) {
        for (DStream<?> stream : needed) {
            if (!stream.pushMode && stream.pastIsNeeded && stream.isTimeValid(time)) {
                stream.getOrCompute(time);
            }
        }
    }

    /** Forgets what no later batch needs, then opens the next batch. */
    void clearMetadata(long time, long nextBatchTime) {
        for (DStream<?> stream : needed) {
            stream.clearMetadata(time);
        }
        currentBatchTime = nextBatchTime;
    }

    /**
     * How a checkpoint fits the pipeline built so far (call once every output is declared).
     *
     * @return the recovery to run: {@code recovery} itself when this pipeline took it, or the same state under
     *     today's stream ids when an earlier version took it with this same pipeline
     * @throws PipelineChangedException when the pipeline or its batch interval changed; it holds what still fits
     */
    Recovery fit(Recovery recovery, long intervalMillis) {
        List<DStream<?>> streamsNeeded = neededByOutputs();
        StreamIds now = StreamIds.of(streamsNeeded, streams, intervalMillis);
        EngineState saved = recovery.state();
        if (saved.intervalMillis() != intervalMillis) {
            throw new PipelineChangedException("the checkpoint was taken with a batch interval of "
                    + Durations.format(saved.intervalMillis()) + " but the pipeline now has "
                    + Durations.format(intervalMillis) + ": no saved state fits the new batch grid; the "
                    + recovery.logged().values().stream().flatMap(m -> m.values().stream()).mapToInt(List::size).sum()
                    + " records logged after it are replayed into the first batches",
                    regridded(recovery, intervalMillis, now.fingerprint()));
        }
        if (now.fingerprint().equals(saved.fingerprint())) {
            return recovery;
        }
        // Earlier versions named streams without their scope (StreamIds.unscoped), or, before fingerprints, by their
        // place among the streams built. An unscoped name may have been another stream's when streams computed alike
        // (a family: twins and their descendants) were added, removed or listed in another order. A family is taken
        // up whole when the checkpoint holds the names of all its members and nothing it holds has gone, so streams
        // added beside it cannot shift it; a stream alone of its kind is taken up when no ancestor has a twin in
        // another scope and the checkpoint holds no name it would have had beside a twin that has gone since (one of
        // two twin scopes left out); the rest starts empty. What stays undetectable: twin scopes listed in another
        // order than when the checkpoint was taken.
        StreamIds unscoped = StreamIds.unscoped(streamsNeeded, intervalMillis);
        boolean sameStreams = unscoped.fingerprint().equals(saved.fingerprint());
        boolean nothingGone = unscoped.byId().keySet().containsAll(saved.streams().keySet());
        Map<String, String> earlierNames = new LinkedHashMap<>();
        if (saved.fingerprint() == null) {
            now.byId().forEach((id, stream) -> earlierNames.put(streams.indexOf(stream) + ":" + stream.operator(), id));
        } else {
            Set<DStream<?>> moved = nothingGone ? Set.of()
                    : unscoped.afterAGoneTwin(saved.streams().keySet(), childrenOf(streamsNeeded));
            unscoped.byId().forEach((id, stream) -> {
                List<DStream<?>> family = unscoped.family(stream);
                boolean whole = nothingGone
                        && family.stream().allMatch(member -> saved.streams().containsKey(unscoped.idOf(member)));
                if (whole || family.size() == 1 && !unscoped.ambiguous(stream) && !moved.contains(stream)) {
                    earlierNames.put(id, now.idOf(stream));
                }
            });
        }
        Map<String, NavigableMap<Long, List<?>>> kept = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        saved.streams().forEach((id, batches) -> {
            String name = now.byId().containsKey(id) ? id : earlierNames.get(id);
            if (name == null) {
                dropped.add(id);
            } else {
                kept.put(name, batches);
            }
        });
        Recovery fitting = new Recovery(new EngineState(saved.zeroTime(), intervalMillis, saved.batchTime(),
                now.fingerprint(), kept), recovery.logged());
        if ((saved.fingerprint() == null || sameStreams) && dropped.isEmpty()) {
            return fitting;
        }
        throw new PipelineChangedException("the pipeline changed since the checkpoint of batch " + saved.batchTime()
                + " ms was taken: the saved state of " + kept.size() + " streams still fits ("
                + String.join(", ", kept.keySet()) + "); " + dropped.size() + " no longer exist or are computed"
                + " differently (" + String.join(", ", dropped) + ")", fitting);
    }

    /**
     * A recovery on a new batch interval: no state (windows and states were cut on the old grid), batch times
     * continuing after the checkpoint's on the new grid, and the logged records moved to the first new batch
     * at or after their old one.
     */
    private static Recovery regridded(Recovery recovery, long intervalMillis, String fingerprint) {
        long zero = Math.floorDiv(recovery.state().batchTime() + intervalMillis - 1, intervalMillis) * intervalMillis;
        NavigableMap<Long, Map<String, List<Object>>> logged = new TreeMap<>();
        recovery.logged().forEach((time, byReceiver) -> {
            long at = Math.max(zero + intervalMillis,
                    Math.floorDiv(time + intervalMillis - 1, intervalMillis) * intervalMillis);
            Map<String, List<Object>> batch = logged.computeIfAbsent(at, t -> new LinkedHashMap<>());
            byReceiver.forEach((receiver, records) -> batch.computeIfAbsent(receiver, r -> new ArrayList<>()).addAll(records));
        });
        return new Recovery(new EngineState(zero, intervalMillis, zero, fingerprint, Map.of()), logged);
    }

    /** What later batches may still ask for, after {@code batchTime}. */
    EngineState snapshot(long batchTime, long intervalMillis) {
        Map<String, NavigableMap<Long, List<?>>> state = new LinkedHashMap<>();
        byId.forEach((id, stream) -> {
            // Only what a later batch will read: state, and the batches windows look back into.
            if (stream.pastIsNeeded && !stream.rememberedBatches().isEmpty()) {
                NavigableMap<Long, List<?>> batches = new TreeMap<>();
                stream.rememberedBatches().forEach((time, batch) -> batches.put(time, batch.records()));
                state.put(id, batches);
            }
        });
        return new EngineState(zeroTime, intervalMillis, batchTime, ids.fingerprint(), state);
    }

    /**
     * Puts a snapshot back, one {@link #fit} accepted. Streams the snapshot does not mention start empty.
     *
     * @throws IllegalStateException if it holds state for a stream this pipeline does not have (a bug: fit
     *     refuses such a snapshot)
     */
    void restore(EngineState state) {
        for (Map.Entry<String, NavigableMap<Long, List<?>>> entry : state.streams().entrySet()) {
            DStream<?> stream = byId.get(entry.getKey());
            if (stream == null) {
                throw new IllegalStateException("the checkpoint holds state for stream " + entry.getKey()
                        + ", which this pipeline does not have, although it was accepted as fitting");
            }
            stream.restoreBatches(entry.getValue());
        }
        restoredUpTo = state.batchTime();
        currentBatchTime = state.batchTime() + state.intervalMillis();
    }

    void countInput(long records) {
        inputRecords += records;
    }

    long takeInputCount() {
        long count = inputRecords;
        inputRecords = 0;
        return count;
    }


}
