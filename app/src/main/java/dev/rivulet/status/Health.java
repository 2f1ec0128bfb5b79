package dev.rivulet.status;

import java.util.List;

/**
 * Liveness and readiness. Live: the process works and should not be restarted. Ready: it processes
 * batches (the first one has completed and sources are connected). {@code /health} answers 200 only when
 * both hold, 503 otherwise, with the reasons.
 *
 * @param live    false when the gateway is broken beyond recovery (e.g. the engine stopped on an error)
 * @param ready   false while starting, or while a source or the store is unavailable
 * @param reasons why not live or not ready, or why degraded (ready, but a link is down); empty when all is well
 */
public record Health(boolean live, boolean ready, List<String> reasons) {

    /** Copies the reasons. */
    public Health {
        reasons = List.copyOf(reasons);
    }

    /** Live and ready. */
    public static Health ok() {
        return new Health(true, true, List.of());
    }

    /** Live but not ready, for these reasons (e.g. "no batch completed yet"). */
    public static Health notReady(String... reasons) {
        return new Health(true, false, List.of(reasons));
    }

    /** Live and ready, with reasons all the same: a link is down while what it would carry waits. */
    public boolean degraded() {
        return live && ready && !reasons.isEmpty();
    }

    /** Whether {@code /health} answers 200. */
    public boolean healthy() {
        return live && ready;
    }
}
