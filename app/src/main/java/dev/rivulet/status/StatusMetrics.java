package dev.rivulet.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's numbers since start, as {@code /metrics} exports them (names in
 * {@link PrometheusText}). Counters only grow while the process runs; gauges are current values.
 *
 * @param batches                    batches completed (counter)
 * @param recordsIn                  records that entered the engine (counter)
 * @param lastSchedulingDelayMillis  the last batch's scheduling delay: how late it began closing (gauge)
 * @param lastProcessingMillis       the last batch's processing time (gauge)
 * @param schedulingDelayMillisTotal scheduling delay summed over all batches (with {@code batches}, an average)
 * @param processingMillisTotal      processing time summed over all batches
 * @param droppedRecords             records refused or lost: full buffers, oldest outbox messages dropped (counter)
 * @param deadLetters                records that failed and went to the dead letters (counter)
 * @param outboxDepth                messages waiting to go upstream (gauge)
 * @param checkpointAgeMillis        time since the last checkpoint was written, or -1 before the first (gauge)
 * @param databaseBytesWritten       bytes written to the SQLite file (counter), to watch SD-card wear
 * @param databasesMovedAside        corrupted database files moved aside at start (counter)
 * @param statesLost                 starts that found the database holding less than it had committed (counter)
 * @param redeliveriesRecognised     MQTT messages a broker sent again that the write-ahead log already held,
 *                                   acknowledged and not counted again (counter)
 * @param oversizedMessages          per source, messages over its {@code max-message-bytes} refused unread and
 *                                   dead-lettered (counters; also in {@code deadLetters})
 * @param publishFailures            per output, publishes that failed: alerts and results not delivered (counters)
 * @param archiveBytes               bytes the input archive's files take, or -1 without an archive (gauge)
 * @param archiveWriteFailures       archive members that could not be written: their readings not archived (counter)
 * @param sourceKeys                 per source with a {@code max-keys}, the keys it took, its limit and the readings of
 *                                   further keys it refused (dead-lettered: also in {@code deadLetters})
 * @param deadLettersWaiting         dead letters handed over and not yet kept in the store: their messages are not
 *                                   acknowledged meanwhile (gauge; above zero for long while the store cannot write)
 */
public record StatusMetrics(long batches, long recordsIn, long lastSchedulingDelayMillis, long lastProcessingMillis,
                            long schedulingDelayMillisTotal, long processingMillisTotal, long droppedRecords,
                            long deadLetters, long outboxDepth, long checkpointAgeMillis, long databaseBytesWritten,
                            long databasesMovedAside, long statesLost, long redeliveriesRecognised,
                            Map<String, Long> oversizedMessages, Map<String, Long> publishFailures,
                            long archiveBytes, long archiveWriteFailures, Map<String, SourceKeys> sourceKeys,
                            long deadLettersWaiting) {

    /**
     * A source's limit of keys.
     *
     * @param taken   keys admitted, counted across restarts (gauge)
     * @param limit   its {@code max-keys} (gauge)
     * @param refused     readings of further keys, or keyed label values, refused since start (counter)
     * @param labelValues per label a pipeline keys its state by, the values admitted, counted across restarts (gauges)
     */
    public record SourceKeys(long taken, long limit, long refused, Map<String, Long> labelValues) {

        public SourceKeys {
            labelValues = Collections.unmodifiableMap(new LinkedHashMap<>(labelValues));
        }

        /** A source whose pipelines key nothing by a label. */
        public SourceKeys(long taken, long limit, long refused) {
            this(taken, limit, refused, Map.of());
        }
    }

    public StatusMetrics {
        oversizedMessages = Collections.unmodifiableMap(new LinkedHashMap<>(oversizedMessages));
        sourceKeys = Collections.unmodifiableMap(new LinkedHashMap<>(sourceKeys));
        publishFailures = Collections.unmodifiableMap(new LinkedHashMap<>(publishFailures));
    }

    /** The numbers of a gateway without oversized messages, publish failures, archive, key limits or letters waiting. */
    public StatusMetrics(long batches, long recordsIn, long lastSchedulingDelayMillis, long lastProcessingMillis,
                         long schedulingDelayMillisTotal, long processingMillisTotal, long droppedRecords,
                         long deadLetters, long outboxDepth, long checkpointAgeMillis, long databaseBytesWritten,
                         long databasesMovedAside, long statesLost, long redeliveriesRecognised) {
        this(batches, recordsIn, lastSchedulingDelayMillis, lastProcessingMillis, schedulingDelayMillisTotal,
                processingMillisTotal, droppedRecords, deadLetters, outboxDepth, checkpointAgeMillis, databaseBytesWritten,
                databasesMovedAside, statesLost, redeliveriesRecognised, Map.of(), Map.of(), -1, 0, Map.of(), 0);
    }

    /** All zero, no checkpoint yet: a gateway that has just started. */
    public static StatusMetrics none() {
        return new StatusMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0);
    }
}
