package dev.rivulet.storage;

import java.time.Duration;

/**
 * When the receiver log is full: it holds {@link StoreConfig#logMaxBytes()} payload bytes, or records spanning
 * {@link StoreConfig#logMaxAge()} of batch time, that checkpoints have not pruned yet (the log keeps what the
 * oldest retained checkpoint does not cover).
 *
 * <p>Age is measured between the batch times of the oldest and the newest record held, never against the wall
 * clock: batch times follow the engine's monotonic grid, so a Pi setting its clock by NTP a day ahead after boot
 * ages nothing. A full log deletes nothing either: its records were acknowledged to their sources when appended,
 * and only a checkpoint covering them makes them safe to forget. The log's owner stops taking readings instead,
 * so their sources keep them, until checkpoints prune the log again.
 */
public final class LogBounds {

    private LogBounds() {
    }

    /**
     * Which bound a log holding {@code heldBytes} payload bytes, with records from batch time
     * {@code oldestBatchTime} to {@code newestBatchTime}, has reached, said for an operator; null within both.
     */
    public static String reached(StoreConfig config, long heldBytes, long oldestBatchTime, long newestBatchTime) {
        if (heldBytes >= config.logMaxBytes()) {
            return "the receiver log holds " + heldBytes + " payload bytes not yet pruned by a checkpoint, its size bound"
                    + " (StoreConfig.logMaxBytes = " + config.logMaxBytes() + ")";
        }
        long span = newestBatchTime - oldestBatchTime;
        if (heldBytes > 0 && span >= config.logMaxAge().toMillis()) {
            return "the receiver log holds records from batch " + oldestBatchTime + " ms to batch " + newestBatchTime
                    + " ms (" + Duration.ofMillis(span) + " of batch time) not yet pruned by a checkpoint, its age bound"
                    + " (StoreConfig.logMaxAge = " + config.logMaxAge() + ")";
        }
        return null;
    }
}
