package io.ferry.core.retry;

import java.time.Duration;
import java.util.Optional;

/** Told when an outage starts and ends, so that a service logs one line for each rather than one per attempt. */
public interface OutageListener {

    /** The first retriable failure of {@code what}; it will be retried for up to {@code limit} (empty: no limit). */
    void outageStarted(String what, Throwable error, Optional<Duration> limit);

    /** {@code what} succeeded again after {@code failures} failed attempts over {@code lasted}. */
    void recovered(String what, int failures, Duration lasted);

    /** Nothing is told. */
    OutageListener NONE = new OutageListener() {
        @Override
        public void outageStarted(String what, Throwable error, Optional<Duration> limit) {
        }

        @Override
        public void recovered(String what, int failures, Duration lasted) {
        }
    };
}
