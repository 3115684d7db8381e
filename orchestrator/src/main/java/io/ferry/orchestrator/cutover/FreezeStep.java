package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;

/** Stops source writes through the configured strategy; the freeze budget starts here. */
public final class FreezeStep implements CutoverStep {

    private final FreezeStrategy strategy;

    public FreezeStep(FreezeStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public String name() {
        return "freeze";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.FROZEN;
    }

    @Override
    public boolean freezes() {
        return true;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        strategy.freeze(ctx);
        return new StepReport(strategy.describeFreeze());
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return new StepReport(strategy.describeFreeze());
    }
}
