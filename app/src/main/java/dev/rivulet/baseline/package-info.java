/**
 * The historical baseline: each key's (a bus's, or a route's) usual value of a signal by time of week, the median
 * and a high quantile per slot, built by {@code rivulet replay --baseline-out} from recorded history
 * ({@link BaselineBuilder}), kept in a versioned JSON file ({@link BaselineFile}) and reloaded by the gateway when
 * the file changes ({@link BaselineWatch}). Knows no pipeline, alert kind or gateway.
 */
package dev.rivulet.baseline;
