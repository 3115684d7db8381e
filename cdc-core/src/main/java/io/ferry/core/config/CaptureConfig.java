package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How changes are captured from the source.
 *
 * @param snapshotMode        null selects {@link SnapshotMode#BULK}
 * @param heartbeatIntervalMs how often capture records its position even when the captured tables are quiet, so
 *                            lag stays measurable and the source can purge old binlog/WAL; 0 selects
 *                            {@value #DEFAULT_HEARTBEAT_INTERVAL_MS}
 * @param retry               how long an outage of the source or the broker is waited out; null selects
 *                            {@link RetryConfig#DEFAULTS} (no limit)
 * @param shutdownTimeoutMs   longest time a stop (SIGTERM) may take before capture abandons what is left, at least
 *                            1000; 0 selects {@value ServiceDefaults#SHUTDOWN_TIMEOUT_MS}
 * @param bulk                how the bulk full load runs ({@link SnapshotMode#BULK}); null selects its defaults
 */
public record CaptureConfig(
        SnapshotMode snapshotMode,
        @JsonProperty(defaultValue = "1000") long heartbeatIntervalMs,
        RetryConfig retry,
        @JsonProperty(defaultValue = "30000") long shutdownTimeoutMs,
        BulkLoadConfig bulk) {

    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;

    /** Every value at its default. */
    public static final CaptureConfig DEFAULTS = new CaptureConfig(null, 0, null, 0, null);

    public CaptureConfig(SnapshotMode snapshotMode, long heartbeatIntervalMs, RetryConfig retry, long shutdownTimeoutMs) {
        this(snapshotMode, heartbeatIntervalMs, retry, shutdownTimeoutMs, null);
    }

    public CaptureConfig {
        snapshotMode = snapshotMode != null ? snapshotMode : SnapshotMode.BULK;
        bulk = bulk != null ? bulk : BulkLoadConfig.DEFAULTS;
        if (heartbeatIntervalMs == 0) {
            heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        }
        retry = retry != null ? retry : RetryConfig.DEFAULTS;
        if (shutdownTimeoutMs == 0) {
            shutdownTimeoutMs = ServiceDefaults.SHUTDOWN_TIMEOUT_MS;
        }
        Checks.on(CaptureConfig.class)
                .atLeast("heartbeatIntervalMs", heartbeatIntervalMs, 1)
                .atLeast("shutdownTimeoutMs", shutdownTimeoutMs, 1000)
                .validate();
    }
}
