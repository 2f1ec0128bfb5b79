package dev.rivulet.status;

import java.util.List;

/**
 * Liveness and readiness. Live: the process works and should not be restarted. Ready: it processes
 * batches (the first one has completed and sources are connected). {@code /health} answers 200 only when
 * both hold, 503 otherwise, with the reasons.
 *
 * @param live     false when the gateway is broken beyond recovery (e.g. the engine stopped on an error)
 * @param ready    false while starting, or while a source or the store is unavailable
 * @param reasons  why not live, not ready, or degraded; empty when all is well
 * @param degraded an output's link is down (upstream, an MQTT output): what it would carry waits or is only
 *                 logged. Said whether or not the gateway is ready: a source down does not make the upstream up
 */
public record Health(boolean live, boolean ready, List<String> reasons, boolean degraded) {

    /** Copies the reasons. */
    public Health {
        reasons = List.copyOf(reasons);
    }

    /** Degraded when live and ready with reasons all the same (the reasons can only be links down). */
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
