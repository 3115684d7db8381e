package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Routing;

/**
 * The rollback's flip back, its point of no return: ROLLBACK_VALIDATED to ROLLED_BACK and the routing to the source in
 * one write. Both sides are frozen for the application at that moment; the source is unfrozen after it.
 */
public final class FlipBackStep implements CutoverStep {

    @Override
    public String name() {
        return "flip-back";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.ROLLED_BACK;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        if (ctx.budgetExhausted()) {
            throw new IllegalStateException("the freeze budget ran out before the flip back");
        }
        ctx.migration().flipBack("routing flipped back to the source");
        return StepReport.of("route is now " + ctx.migration().state().routing().json());
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        Routing now = ctx.migration().state().routing();
        return StepReport.of("route now " + now.json() + "; would become " + new Routing(Routing.Side.SOURCE, now.version() + 1).json());
    }
}
