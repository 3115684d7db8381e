package io.ferry.orchestrator.cutover;

import java.util.List;

/**
 * The steps of a rollback in order, up to and including the flip back; the target's freeze (an abort and a restart
 * before the flip back unfreeze the target through it); the steps after the flip back (unfreeze the source, end reverse
 * replication), which a restarted coordinator runs again; and whether reverse replication runs, without which a
 * rollback would lose the target's writes and is refused.
 */
public record RollbackPlan(List<CutoverStep> steps, FreezeStrategy targetFreeze, List<CutoverStep> afterFlipBack,
                           java.util.function.Supplier<String> reverseProblem) {

    public RollbackPlan {
        steps = List.copyOf(steps);
        afterFlipBack = List.copyOf(afterFlipBack);
        if (steps.stream().filter(CutoverStep::freezes).count() != 1) {
            throw new IllegalArgumentException("a rollback plan needs exactly one freezing step, got " + steps.stream().map(CutoverStep::name).toList());
        }
    }
}
