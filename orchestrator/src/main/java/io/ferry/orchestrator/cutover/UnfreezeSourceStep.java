package io.ferry.orchestrator.cutover;

/** After a rollback's flip back: the source takes the application's writes again (the forward freeze undone). Idempotent. */
public final class UnfreezeSourceStep implements CutoverStep {

    private final FreezeStrategy sourceFreeze;

    public UnfreezeSourceStep(FreezeStrategy sourceFreeze) {
        this.sourceFreeze = sourceFreeze;
    }

    @Override
    public String name() {
        return "unfreeze-source";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        sourceFreeze.unfreeze(ctx);
        return new StepReport(sourceFreeze.describeUnfreeze());
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return new StepReport(sourceFreeze.describeUnfreeze());
    }
}
