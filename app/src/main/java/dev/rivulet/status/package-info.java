/**
 * The running gateway seen from outside: an HTTP endpoint on the JDK's built-in server
 * ({@link dev.rivulet.status.StatusServer}) with {@code /health}, {@code /metrics} (Prometheus text),
 * {@code /api/status} (JSON) and {@code /} (a self-contained page), and the client behind
 * {@code rivulet status} ({@link dev.rivulet.status.StatusClient}). The runner supplies the numbers through
 * {@link dev.rivulet.status.StatusSource}.
 */
package dev.rivulet.status;
