package dev.rivulet.streaming;

/**
 * A checkpoint was taken by another pipeline than the one now built: a stream was added, removed or
 * reconfigured, or the batch interval changed. Thrown by {@link StreamingContext#recoverFrom(Recovery)} before
 * anything is restored, so the caller decides: resume with {@link #fitting()} — the saved state of every
 * stream that is still computed the same way, and every logged reading — or refuse to start.
 */
public final class PipelineChangedException extends RuntimeException {

    private final transient Recovery fitting;

    PipelineChangedException(String message, Recovery fitting) {
        super(message);
        this.fitting = fitting;
    }

    /**
     * What of the checkpoint fits the new pipeline: the state of every stream whose lineage is unchanged, and
     * every record logged after the checkpoint (on a new batch interval, replayed into the first batches).
     * {@code recoverFrom} accepts it as it is.
     */
    public Recovery fitting() {
        return fitting;
    }
}
