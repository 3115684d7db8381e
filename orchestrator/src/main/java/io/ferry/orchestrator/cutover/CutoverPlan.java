package io.ferry.orchestrator.cutover;

import java.util.List;

/**
 * The steps of a cutover in order, up to and including the flip; the freeze strategy (an abort and a restart
 * before the flip unfreeze through it); the steps after the flip (the flip hook, constraint validation, starting
 * reverse replication), which a restarted coordinator runs again to complete forward; and the steps that only
 * {@code ferry complete} runs (ending reverse replication). A plan with such steps holds the migration at FLIPPED
 * after the flip, with its way back open, until {@code ferry complete} or {@code ferry rollback}.
 */
public record CutoverPlan(List<CutoverStep> steps, FreezeStrategy freeze, List<CutoverStep> afterFlip, List<CutoverStep> onComplete) {

    public CutoverPlan {
        steps = List.copyOf(steps);
        afterFlip = List.copyOf(afterFlip);
        onComplete = List.copyOf(onComplete);
        if (steps.stream().filter(CutoverStep::freezes).count() != 1) {
            throw new IllegalArgumentException("a cutover plan needs exactly one freezing step, got " + steps.stream().map(CutoverStep::name).toList());
        }
    }

    public CutoverPlan(List<CutoverStep> steps, FreezeStrategy freeze, List<CutoverStep> afterFlip) {
        this(steps, freeze, afterFlip, List.of());
    }

    /** Whether the migration stays FLIPPED after the post-flip steps, until {@code ferry complete}. */
    public boolean holdsAtFlip() {
        return !onComplete.isEmpty();
    }
}
