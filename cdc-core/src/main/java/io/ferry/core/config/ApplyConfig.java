package io.ferry.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the applier writes changes to the target.
 *
 * @param batchSize       most changes per target transaction, 1 to 100000; 0 selects {@value #DEFAULT_BATCH_SIZE}
 * @param flushIntervalMs longest wait before a partial batch is written, at least 10; 0 selects
 *                        {@value #DEFAULT_FLUSH_INTERVAL_MS}
 * @param onError         null selects {@link ErrorPolicy#DLQ}
 * @param threads         applier stream threads, at least 1; 0 selects 1
 * @param retry           how long a target or broker outage is waited out; null selects {@link RetryConfig#DEFAULTS}
 *                        (no limit)
 * @param shutdownTimeoutMs longest time a stop (SIGTERM) may take before the applier abandons what is left, at
 *                        least 1000; 0 selects {@value ServiceDefaults#SHUTDOWN_TIMEOUT_MS}
 */
public record ApplyConfig(
        @JsonProperty(defaultValue = "2000") int batchSize,
        @JsonProperty(defaultValue = "200") long flushIntervalMs,
        ErrorPolicy onError,
        @JsonProperty(defaultValue = "1") int threads,
        RetryConfig retry,
        @JsonProperty(defaultValue = "30000") long shutdownTimeoutMs) {

    public static final int DEFAULT_BATCH_SIZE = 2000;
    public static final long DEFAULT_FLUSH_INTERVAL_MS = 200;

    /** Every value at its default. */
    public static final ApplyConfig DEFAULTS = new ApplyConfig(0, 0, null, 0, null, 0);

    public ApplyConfig {
        if (batchSize == 0) {
            batchSize = DEFAULT_BATCH_SIZE;
        }
        if (flushIntervalMs == 0) {
            flushIntervalMs = DEFAULT_FLUSH_INTERVAL_MS;
        }
        onError = onError != null ? onError : ErrorPolicy.DLQ;
        if (threads == 0) {
            threads = 1;
        }
        retry = retry != null ? retry : RetryConfig.DEFAULTS;
        if (shutdownTimeoutMs == 0) {
            shutdownTimeoutMs = ServiceDefaults.SHUTDOWN_TIMEOUT_MS;
        }
        Checks.on(ApplyConfig.class)
                .between("batchSize", batchSize, 1, 100_000)
                .atLeast("flushIntervalMs", flushIntervalMs, 10)
                .atLeast("threads", threads, 1)
                .atLeast("shutdownTimeoutMs", shutdownTimeoutMs, 1000)
                .validate();
    }
}
