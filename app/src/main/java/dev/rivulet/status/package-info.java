/**
 * The running gateway seen from outside: an HTTP endpoint ({@link dev.rivulet.status.StatusServer}) with
 * {@code /health}, {@code /metrics} (Prometheus text), {@code /api/status} (JSON) and {@code /} (a self-contained
 * page), on a small non-blocking server of its own ({@code HttpListener}) that slow or numerous clients cannot
 * stop, and the client behind {@code rivulet status} ({@link dev.rivulet.status.StatusClient}). The runner
 * supplies the numbers through {@link dev.rivulet.status.StatusSource}.
 */
package dev.rivulet.status;
