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
    private boolean started;
    private long zeroTime;
    private long currentBatchTime;
    private long inputRecords;

    synchronized void add(DStream<?> stream) {
        if (started) {
            throw new IllegalStateException("cannot add " + stream.operator()
                    + " after the StreamingContext started: build every stream and output before start()");
        }
        streams.add(stream);
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
            wirePush(stream, children.get(stream));
        }
        this.pushStreams = List.copyOf(push);
        Map<String, DStream<?>> ids = new LinkedHashMap<>();
        for (DStream<?> stream : needed) {
            ids.put(idOf(stream), stream);
        }
        this.byId = ids;
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
            long remember = stream.slideMillis();
            for (DStream<?> child : children.get(stream)) {
                remember = Math.max(remember, child.rememberMillis() + child.parentRememberExtraMillis());
            }
            stream.setRememberMillis(remember);
        }
        started = true;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void wirePush(DStream stream, List<DStream<?>> children) {
        boolean keepWholeBatch = false;
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

    /** Every stream some output reads, parents before children (depth-first post-order). */
    private List<DStream<?>> neededByOutputs() {
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

    private static Map<DStream<?>, List<DStream<?>>> childrenOf(List<DStream<?>> streams) {
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

    /** A stream's id in checkpoints: its place among the streams built, and its operator. */
    private String idOf(DStream<?> stream) {
        return streams.indexOf(stream) + ":" + stream.operator();
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
        return new EngineState(zeroTime, intervalMillis, batchTime, state);
    }

    /**
     * Puts a snapshot back. Streams the snapshot does not mention start empty.
     *
     * @throws IllegalStateException if it holds state for a stream this pipeline does not have
     */
    void restore(EngineState state) {
        for (Map.Entry<String, NavigableMap<Long, List<?>>> entry : state.streams().entrySet()) {
            DStream<?> stream = byId.get(entry.getKey());
            if (stream == null) {
                throw new IllegalStateException("the checkpoint holds state for stream " + entry.getKey()
                        + ", which this pipeline does not have: the pipeline changed since it was taken");
            }
            stream.restoreBatches(entry.getValue());
        }
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
