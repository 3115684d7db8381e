/**
 * Metrics and health of a Ferry service: the Prometheus registry with JVM and process meters
 * ({@link io.ferry.core.metrics.FerryRegistry}), readiness checks ({@link io.ferry.core.metrics.Health}) and the
 * small HTTP endpoint that serves {@code /metrics}, {@code /health/live} and {@code /health/ready}
 * ({@link io.ferry.core.metrics.ServiceEndpoint}). Names and units are listed in {@code docs/metrics.md}; no label
 * ever carries a connection string, user or password.
 */
package io.ferry.core.metrics;
