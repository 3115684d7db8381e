package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.Optional;

/**
 * How long a service waits out an outage of a server it depends on (the target, the source, the broker):
 * a retriable error is retried after a back-off that doubles from {@code initialBackoffMs} up to
 * {@code maxBackoffMs}, for as long as {@code maxDurationMs} allows; a permanent error stops at once.
 *
 * @param maxDurationMs    longest time one outage is waited out before the service stops, at least 1; 0 (left out)
 *                         means no limit, which suits a long-running service
 * @param initialBackoffMs first wait after a failure, at least 1; 0 selects {@value #DEFAULT_INITIAL_BACKOFF_MS}
 * @param maxBackoffMs     longest wait between two attempts, at least {@code initialBackoffMs}; 0 selects
 *                         {@value #DEFAULT_MAX_BACKOFF_MS}
 */
public record RetryConfig(
        @JsonProperty(defaultValue = "unlimited") long maxDurationMs,
        @JsonProperty(defaultValue = "500") long initialBackoffMs,
        @JsonProperty(defaultValue = "10000") long maxBackoffMs) {

    public static final long DEFAULT_INITIAL_BACKOFF_MS = 500;
    public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;

    /** Every value at its default: retry without a time limit. */
    public static final RetryConfig DEFAULTS = new RetryConfig(0, 0, 0);

    public RetryConfig {
        if (initialBackoffMs == 0) {
            initialBackoffMs = DEFAULT_INITIAL_BACKOFF_MS;
        }
        if (maxBackoffMs == 0) {
            maxBackoffMs = Math.max(DEFAULT_MAX_BACKOFF_MS, initialBackoffMs);
        }
        Checks.on(RetryConfig.class)
                .atLeast("maxDurationMs", maxDurationMs, 0)
                .atLeast("initialBackoffMs", initialBackoffMs, 1)
                .atLeast("maxBackoffMs", maxBackoffMs, initialBackoffMs)
                .validate();
    }

    /** The limit on one outage, empty for none. */
    public Optional<Duration> maxDuration() {
        return maxDurationMs == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(maxDurationMs));
    }
}
