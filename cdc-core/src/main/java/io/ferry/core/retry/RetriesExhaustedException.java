package io.ferry.core.retry;

import java.time.Duration;

/** An outage lasted longer than the configured limit; the cause is the last error seen. */
public final class RetriesExhaustedException extends RuntimeException {

    public RetriesExhaustedException(String what, int failures, Duration lasted, Throwable last) {
        super(what + " still failing after " + failures + " attempts over " + lasted.toSeconds()
                + " s (the retry limit, retry.maxDurationMs): " + last.getMessage(), last);
    }
}
