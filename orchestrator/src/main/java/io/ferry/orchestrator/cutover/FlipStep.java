package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Routing;

/**
 * The flip, the point of no return: VALIDATED to FLIPPED and the routing to the target in one write. Refuses when
 * the freeze budget is already spent, so a late flip never follows an abort.
 */
public final class FlipStep implements CutoverStep {

    @Override
    public String name() {
        return "flip";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.FLIPPED;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        if (ctx.budgetExhausted()) {
            throw new IllegalStateException("the freeze budget ran out before the flip");
        }
        ctx.migration().flip("routing flipped to the target");
        Routing r = ctx.migration().state().routing();
        return StepReport.of("route is now " + r.json());
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        Routing now = ctx.migration().state().routing();
        return StepReport.of("route now " + now.json() + "; would become " + new Routing(Routing.Side.TARGET, now.version() + 1).json());
    }
}
