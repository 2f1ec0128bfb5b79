package dev.rivulet.outputs;

import dev.rivulet.signals.Result;
import java.util.List;

/** A running output taking a pipeline's results, opened from its kind's {@link ResultRoute.Takes}. */
public interface ResultOutput {

    /**
     * Hands on one batch's results of one pipeline (none when the batch computed none). A failure to publish is
     * counted and logged by {@link PublishFailures}; an exception is a bug, and the caller logs it.
     */
    void publish(String pipeline, long batchTime, List<Result> results);
}
