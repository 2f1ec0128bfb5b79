package dev.rivulet.status;

import java.util.List;

/**
 * Liveness and readiness. Live: the process works and should not be restarted. Ready: it processes
 * batches (the first one has completed and sources are connected). {@code /health} answers 200 only when
 * both hold, 503 otherwise, with the reasons.
 *
 * @param live    false when the gateway is broken beyond recovery (e.g. the engine stopped on an error)
 * @param ready   false while starting, or while a source or the store is unavailable
 * @param reasons  why not live or not ready, and why degraded; empty when all is well
 * @param degraded live with an output link down (upstream, an output broker), ready or not: what that link would
 *                 carry waits. A gateway not ready for another reason (a source down) is degraded all the same when
 *                 the upstream is down too.
 */
public record Health(boolean live, boolean ready, List<String> reasons, boolean degraded) {

    /** Copies the reasons. */
    public Health {
        reasons = List.copyOf(reasons);
    }

    /** Degraded when live and ready with reasons: for a caller whose every reason is a link down. */
    public Health(boolean live, boolean ready, List<String> reasons) {
        this(live, ready, reasons, live && ready && !reasons.isEmpty());
    }

    /** Live and ready. */
    public static Health ok() {
        return new Health(true, true, List.of());
    }

    /** Live but not ready, for these reasons (e.g. "no batch completed yet"). */
    public static Health notReady(String... reasons) {
        return new Health(true, false, List.of(reasons));
    }

    /** Whether {@code /health} answers 200. */
    public boolean healthy() {
        return live && ready;
    }
}
