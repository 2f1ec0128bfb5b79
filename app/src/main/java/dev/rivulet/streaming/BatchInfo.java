package dev.rivulet.streaming;

import java.time.Duration;

/**
 * What happened in one batch, as the scheduler saw it.
 *
 * @param batchTime       the batch time, epoch milliseconds
 * @param records         records that entered the context's input streams for this batch
 * @param schedulingDelay how long after its boundary the batch began closing; grows when batches queue
 * @param processingTime  time from closing the batch to the end of its last output; work done on
 *                        records while the batch was still open is spread over the interval and not counted
 * @param failedRecords   records or batches handed to the error output while this batch was computed
 */
public record BatchInfo(long batchTime, long records, Duration schedulingDelay, Duration processingTime,
                        long failedRecords) {

    /** Scheduling delay plus processing time: how late the batch's results were. */
    public Duration totalDelay() {
        return schedulingDelay.plus(processingTime);
    }
}
