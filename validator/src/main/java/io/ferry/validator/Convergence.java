package io.ferry.validator;

import io.ferry.core.event.LogPosition;
import java.time.Duration;

/**
 * Live mode's view of the pipeline: a difference seen while changes still flow is checked again
 * only once the applier has passed the source position at which it was seen.
 */
public interface Convergence {

    /** The source's position now. */
    LogPosition mark() throws Exception;

    /**
     * Waits until the target holds everything the source held at {@code mark}.
     *
     * @return false when that did not happen within the timeout
     */
    boolean awaitApplied(LogPosition mark, Duration timeout) throws Exception;
}
