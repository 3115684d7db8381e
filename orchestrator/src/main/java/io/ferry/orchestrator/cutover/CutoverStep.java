package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;

/**
 * One named step of the cutover, with a dry-run twin. {@link #run} must be idempotent: a coordinator that died
 * part-way runs it again (or undoes it) after a restart. {@link #dryRun} reports what {@link #run} would do and
 * changes nothing, anywhere.
 */
public interface CutoverStep {

    /** A short name: {@code pre-checks}, {@code freeze}, {@code drain}...; also names the step's fault points. */
    String name();

    /** The phase the migration reaches when this step succeeds, or null when it stays where it is. */
    default MigrationPhase reaches() {
        return null;
    }

    /** Whether this step stops source writes: the freeze budget starts when it starts, and an abort unfreezes. */
    default boolean freezes() {
        return false;
    }

    /**
     * Does the step. Waits must respect {@link CutoverContext#remaining()} and end on interrupt.
     *
     * @throws CutoverRefusedException when a gate says no (not a failure: nothing was changed)
     */
    StepReport run(CutoverContext ctx) throws Exception;

    /** Reports positions, lag, SQL, hooks: whatever {@link #run} would do now. Changes nothing. */
    StepReport dryRun(CutoverContext ctx) throws Exception;
}
