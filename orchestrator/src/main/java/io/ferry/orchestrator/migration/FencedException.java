package io.ferry.orchestrator.migration;

/**
 * Another coordinator has taken the migration (its epoch is higher): this one must stop acting at once,
 * without undoing anything, since the new owner resumes from the persisted phase.
 */
public final class FencedException extends RuntimeException {

    public FencedException(String migration, long myEpoch, long currentEpoch) {
        super("migration " + migration + " was taken over by another coordinator (epoch " + currentEpoch
                + ", this one holds " + myEpoch + "); this coordinator stops acting");
    }
}
