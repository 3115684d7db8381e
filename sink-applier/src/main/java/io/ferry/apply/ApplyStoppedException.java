package io.ferry.apply;

/**
 * The applier stopped on purpose: a record could not be applied and the pipeline is set to stop
 * rather than dead-letter it, or the target refused in a way retrying cannot fix. Nothing of the
 * failing batch was committed, so a restart after the cause is fixed loses nothing.
 */
public class ApplyStoppedException extends RuntimeException {
    public ApplyStoppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
