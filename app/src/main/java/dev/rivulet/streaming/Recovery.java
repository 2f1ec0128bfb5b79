package dev.rivulet.streaming;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * Where to resume: the state saved after a completed batch, and the records logged for the batches after
 * it (batch time → receiver name → records). At start the context puts the state back, runs the logged
 * batches under their original times, then every batch the clock says was missed while stopped (empty),
 * and only then goes live. Batch times continue the saved sequence.
 */
public record Recovery(EngineState state, NavigableMap<Long, Map<String, List<Object>>> logged) {

    public Recovery {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(logged, "logged");
    }
}
