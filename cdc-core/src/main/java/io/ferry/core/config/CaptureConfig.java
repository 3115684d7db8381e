package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How changes are captured from the source.
 *
 * @param snapshotMode        null selects {@link SnapshotMode#INITIAL}
 * @param heartbeatIntervalMs how often capture records its position even when the captured tables are quiet, so
 *                            lag stays measurable and the source can purge old binlog/WAL; 0 selects
 *                            {@value #DEFAULT_HEARTBEAT_INTERVAL_MS}
 */
public record CaptureConfig(
        SnapshotMode snapshotMode,
        @JsonProperty(defaultValue = "1000") long heartbeatIntervalMs) {

    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 1000;

    /** Every value at its default. */
    public static final CaptureConfig DEFAULTS = new CaptureConfig(null, 0);

    public CaptureConfig {
        snapshotMode = snapshotMode != null ? snapshotMode : SnapshotMode.INITIAL;
        if (heartbeatIntervalMs == 0) {
            heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        }
        Checks.on(CaptureConfig.class)
                .atLeast("heartbeatIntervalMs", heartbeatIntervalMs, 1)
                .validate();
    }
}
