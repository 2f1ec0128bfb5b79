package dev.rivulet.alerts;

import dev.rivulet.checkpoint.StorageHealth;
import dev.rivulet.streaming.BatchInfo;
import dev.rivulet.streaming.BatchListener;
import java.util.function.Consumer;

/**
 * The {@code storage-full} alert: a full disk stops the write-ahead log or checkpoints while the engine goes on in
 * memory. Raised at a batch in which a write failed, cleared after {@value #CLEAR_AFTER} batches in a row in which
 * every write worked, so a nearly full disk does not make it flap. One {@link Hysteresis} machine with the
 * gateway's id as key; the alert's id is stable as every alert's is.
 */
public final class StorageFullAlert implements BatchListener {

    /** The rule name the alert carries. */
    public static final String RULE = "storage-full";
    /** Batches in a row without a failed write before the alert clears. */
    public static final int CLEAR_AFTER = 10;

    private final StorageHealth health;
    private final String gatewayId;
    private final Consumer<Alert> deliver;
    private final Hysteresis.OneKey machine = new Hysteresis(1, 1, 1, CLEAR_AFTER).forOneKey();
    private long failuresSeen;

    /** Watches {@code health} after every batch and hands each raise and clear to {@code deliver}. */
    public StorageFullAlert(StorageHealth health, String gatewayId, Consumer<Alert> deliver) {
        this.health = health;
        this.gatewayId = gatewayId;
        this.deliver = deliver;
    }

    @Override
    public void onBatchCompleted(BatchInfo info) {
        long failures = health.failures();
        boolean failedNow = failures > failuresSeen || health.checkpointFailing();
        failuresSeen = failures;
        machine.observe(failedNow ? 1 : 0).ifPresent(raised -> deliver.accept(new Alert(RULE, gatewayId,
                info.batchTime(), raised, raised ? 1 : 0, raised
                        ? "the database cannot be written (disk or size limit full); processing goes on in memory"
                        : "the database is written again")));
    }
}
