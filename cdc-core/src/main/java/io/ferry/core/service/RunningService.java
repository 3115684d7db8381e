package io.ferry.core.service;

import io.ferry.core.config.ServiceDefaults;
import java.time.Duration;

/** A started Ferry service (capture, applier) that may stop on its own with a failure. */
public interface RunningService extends AutoCloseable {

    /** Why the service stopped on its own, or null while it runs or after a clean stop. */
    Throwable failure();

    /** Longest time {@link #close()} may take before the process abandons what is left and exits. */
    default Duration shutdownTimeout() {
        return Duration.ofMillis(ServiceDefaults.SHUTDOWN_TIMEOUT_MS);
    }

    /**
     * What a stop cut short would leave undone, in words for the operator (work in flight, and where the next
     * start resumes); empty when nothing is known to be in flight.
     */
    default String inFlight() {
        return "";
    }

    /**
     * Registers the service's meters in {@code registry} and its readiness checks in {@code health}
     * (docs/metrics.md); a service without any registers nothing.
     */
    default void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry, io.ferry.core.metrics.Health health) {
    }

    /** Stops the service; it may block on unreachable servers, which {@link ServiceMain} bounds. */
    @Override
    void close();
}
