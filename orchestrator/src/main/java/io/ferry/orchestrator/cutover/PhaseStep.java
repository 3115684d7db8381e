package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;

/**
 * A step of the forward cutover reused by a rollback, where it reaches the rollback's phase instead (the freeze reaches
 * ROLLBACK_FROZEN, the drain ROLLBACK_DRAINED...), under its own name.
 */
public final class PhaseStep implements CutoverStep {

    private final String name;
    private final CutoverStep step;
    private final MigrationPhase reaches;

    public PhaseStep(String name, CutoverStep step, MigrationPhase reaches) {
        this.name = name;
        this.step = step;
        this.reaches = reaches;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MigrationPhase reaches() {
        return reaches;
    }

    @Override
    public boolean freezes() {
        return step.freezes();
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        return step.run(ctx);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        return step.dryRun(ctx);
    }
}
