package dev.rivulet.status;

/**
 * What the status endpoint shows, supplied by the running gateway. Every method is called on the HTTP
 * server's thread, once per request, so each must be thread-safe and quick: return a snapshot of values
 * kept up to date elsewhere (e.g. by a batch listener), never compute or query the database here.
 */
public interface StatusSource {

    /** Whether the gateway is alive and ready, and why not; backs {@code /health}. */
    Health health();

    /** Counters and gauges since start; backs {@code /metrics}. */
    StatusMetrics metrics();

    /** Every bus now with its recent occupancy, and the open alerts; backs {@code /api/status} and the page. */
    FleetStatus fleet();
}
