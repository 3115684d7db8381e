package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.reverse.ReverseReplication;
import java.util.ArrayList;
import java.util.List;

/**
 * Before the flip, in the freeze: prepares reverse replication (docs/rollback.md). Creates the replication slot and
 * publication on the target (the target's position at the watermark: the forward drain is done and the application
 * does not write there yet, so the slot holds exactly the writes made after the flip), creates Ferry's bookkeeping
 * database on the source and checks that every source table can take the reverse writes. Any problem fails the step,
 * and so aborts the cutover: a cutover without its way back does not flip. Capture and applier of the reverse
 * pipeline start right after the flip ({@link StartReverseStep}), outside the write pause. Idempotent.
 */
public final class ReverseReplicationStep implements CutoverStep {

    private final ReverseReplication reverse;

    public ReverseReplicationStep(ReverseReplication reverse) {
        this.reverse = reverse;
    }

    @Override
    public String name() {
        return "reverse-replication";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        reverse.ensureBookkeeping();
        List<String> problems = reverse.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("reverse replication cannot start: " + String.join("; ", problems));
        }
        String lsn = reverse.prepare();
        return StepReport.of("slot and publication " + io.ferry.capture.PostgresSlot.slotName(reverse.config().name())
                        + " on the target at " + lsn, "every source table takes the reverse writes");
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> problems = reverse.problems();
        problems.forEach(p -> lines.add("would abort the cutover: " + p));
        lines.add("would create slot and publication " + io.ferry.capture.PostgresSlot.slotName(reverse.config().name()) + " on the target for "
                + reverse.targetTables().size() + " table(s)" + (reverse.prepared() ? " (the slot exists already)" : ""));
        lines.add("would create the database ferry and its table applied_offsets on the source, unless they exist");
        lines.add("after the flip: stop forward capture and applier, start reverse capture and applier (topics "
                + reverse.config().kafka().topicPrefix() + ".*)");
        return new StepReport(lines);
    }
}
