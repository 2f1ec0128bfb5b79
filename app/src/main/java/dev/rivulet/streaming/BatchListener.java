package dev.rivulet.streaming;

/** Told about every completed batch, on the engine's thread: return quickly. */
@FunctionalInterface
public interface BatchListener {

    /** Called after the batch's outputs ran and its acknowledgements were released. */
    void onBatchCompleted(BatchInfo info);
}
