package dev.rivulet.streaming;

/**
 * Told, on the engine's thread, that a batch's outputs have run: where a checkpoint is taken. Runs before
 * the batch's completion hooks and listeners, so nothing is acknowledged that a checkpoint does not cover.
 * When it throws (a full disk), processing goes on in memory; the committer says so itself, once.
 */
@FunctionalInterface
public interface BatchCommitter {

    /** Batch {@code state.batchTime()} completed; {@code state} is valid during this call only. */
    void batchCompleted(EngineState state);
}
