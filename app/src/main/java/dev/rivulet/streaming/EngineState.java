package dev.rivulet.streaming;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Everything a later batch may still ask for, after batch {@link #batchTime()} completed: what a checkpoint
 * saves and what recovery puts back.
 *
 * <p>Per stream (by a stable id derived from its lineage, e.g. {@code "updateStateByKey:5c1e0a9b3d2f"}; earlier
 * versions used its place in the pipeline, {@code "12:updateStateByKey"}),
 * the batches it still remembers — the running state of {@code updateStateByKey} and {@code mapWithState},
 * the per-batch partials a window will subtract, the raw batches a window of readings still spans.
 * Records are shared with the engine, not copied: batches are immutable.
 *
 * @param zeroTime       the time before the first batch; every batch time is {@code zeroTime + k · interval}
 * @param intervalMillis the batch interval
 * @param batchTime      the last completed batch
 * @param fingerprint    the pipeline's fingerprint (its batch interval and every stream's lineage), or null for a
 *                       checkpoint written before fingerprints existed
 * @param streams        stream id → batch time → records
 */
public record EngineState(long zeroTime, long intervalMillis, long batchTime, String fingerprint,
                          Map<String, NavigableMap<Long, List<?>>> streams) {

    public EngineState {
        streams = Collections.unmodifiableMap(streams);
    }

    /** A state without a fingerprint: nothing saved yet, or written by an earlier version. */
    public EngineState(long zeroTime, long intervalMillis, long batchTime, Map<String, NavigableMap<Long, List<?>>> streams) {
        this(zeroTime, intervalMillis, batchTime, null, streams);
    }
}
