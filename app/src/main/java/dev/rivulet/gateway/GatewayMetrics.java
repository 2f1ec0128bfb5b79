package dev.rivulet.gateway;

import dev.rivulet.streaming.BatchInfo;
import dev.rivulet.streaming.BatchListener;
import java.util.concurrent.atomic.AtomicLong;

/** Running totals of the engine's batches, for summaries, the status page and /metrics. */
public final class GatewayMetrics implements BatchListener {

    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong failedRecords = new AtomicLong();
    private final AtomicLong lastBatchTime = new AtomicLong(-1);
    private final AtomicLong lastSchedulingDelayMillis = new AtomicLong();
    private final AtomicLong lastProcessingMillis = new AtomicLong();
    private final AtomicLong maxSchedulingDelayMillis = new AtomicLong();
    private final AtomicLong maxProcessingMillis = new AtomicLong();
    private final AtomicLong processingMillisTotal = new AtomicLong();
    private final AtomicLong schedulingDelayMillisTotal = new AtomicLong();

    @Override
    public void onBatchCompleted(BatchInfo info) {
        batches.incrementAndGet();
        records.addAndGet(info.records());
        failedRecords.addAndGet(info.failedRecords());
        lastBatchTime.set(info.batchTime());
        long delay = info.schedulingDelay().toMillis();
        long processing = info.processingTime().toMillis();
        lastSchedulingDelayMillis.set(delay);
        lastProcessingMillis.set(processing);
        maxSchedulingDelayMillis.accumulateAndGet(delay, Math::max);
        maxProcessingMillis.accumulateAndGet(processing, Math::max);
        schedulingDelayMillisTotal.addAndGet(delay);
        processingMillisTotal.addAndGet(processing);
    }

    public long batches() {
        return batches.get();
    }

    public long records() {
        return records.get();
    }

    public long failedRecords() {
        return failedRecords.get();
    }

    /** The last completed batch's time, or -1 before the first. */
    public long lastBatchTime() {
        return lastBatchTime.get();
    }

    public long lastSchedulingDelayMillis() {
        return lastSchedulingDelayMillis.get();
    }

    public long lastProcessingMillis() {
        return lastProcessingMillis.get();
    }

    public long maxSchedulingDelayMillis() {
        return maxSchedulingDelayMillis.get();
    }

    public long maxProcessingMillis() {
        return maxProcessingMillis.get();
    }

    public long schedulingDelayMillisTotal() {
        return schedulingDelayMillisTotal.get();
    }

    public long processingMillisTotal() {
        return processingMillisTotal.get();
    }
}
