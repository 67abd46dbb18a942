/**
 * Metrics for operators: with {@code metrics.port} set, {@code cogwheel run} adds a Prometheus
 * registry to Micrometer's global registry, where the host and the storage backend record, and serves
 * it at {@code GET /metrics} ({@link dev.cogwheel.runtime.metrics.MetricsServer}). Off otherwise.
 */
package dev.cogwheel.runtime.metrics;
