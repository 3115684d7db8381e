package io.ferry.orchestrator.cutover;

import java.util.List;

/**
 * The steps of a cutover in order, up to and including the flip; the freeze strategy (an abort and a restart
 * before the flip unfreeze through it); and the steps after the flip (the flip hook, constraint validation), which
 * a restarted coordinator runs again to complete forward.
 */
public record CutoverPlan(List<CutoverStep> steps, FreezeStrategy freeze, List<CutoverStep> afterFlip) {

    public CutoverPlan {
        steps = List.copyOf(steps);
        afterFlip = List.copyOf(afterFlip);
        if (steps.stream().filter(CutoverStep::freezes).count() != 1) {
            throw new IllegalArgumentException("a cutover plan needs exactly one freezing step, got " + steps.stream().map(CutoverStep::name).toList());
        }
    }
}
