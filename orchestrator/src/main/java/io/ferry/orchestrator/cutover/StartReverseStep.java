package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.reverse.ReverseReplication;
import java.time.Duration;

/**
 * After the flip: stops the forward pipeline in this process (its capture would otherwise carry Ferry's own reverse
 * writes on the source back to the target, a loop), then starts reverse capture and applier and waits until capture
 * reads the slot. Run again by a restarted coordinator (idempotent), so reverse replication resumes from the slot.
 */
public final class StartReverseStep implements CutoverStep {

    private final ReverseReplication reverse;
    private final Runnable stopForward;
    private final Duration timeout;

    /** @param stopForward stops forward capture and applier if they run in this process; must be idempotent */
    public StartReverseStep(ReverseReplication reverse, Runnable stopForward, Duration timeout) {
        this.reverse = reverse;
        this.stopForward = stopForward;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "start-reverse";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        stopForward.run();
        reverse.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reverse.streaming()) {
            Throwable f = reverse.failure();
            if (f != null) {
                throw new IllegalStateException("reverse replication failed to start: " + f.getMessage(), f);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reverse capture did not read the slot within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        return StepReport.of("forward capture and applier stopped", "reverse capture reads the slot; reverse applier writes to the source");
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of("would stop forward capture and applier, then start reverse capture and applier"
                + (reverse.running() ? " (reverse replication runs already)" : ""));
    }
}
