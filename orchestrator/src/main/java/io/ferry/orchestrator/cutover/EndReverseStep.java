package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.reverse.ReverseReplication;
import java.util.ArrayList;
import java.util.List;

/**
 * Ends a migration's replication for good, on {@code ferry complete} (and after a rollback): stops reverse capture and
 * applier, drops the reverse slot and publication on the target, deletes the reverse and forward change topics, schema
 * history topics and the appliers' consumer groups. Nothing of the user's data. Idempotent.
 */
public final class EndReverseStep implements CutoverStep {

    private final ReverseReplication reverse;

    public EndReverseStep(ReverseReplication reverse) {
        this.reverse = reverse;
    }

    @Override
    public String name() {
        return "end-reverse";
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        List<String> lines = new ArrayList<>(reverse.teardown());
        lines.addAll(ReverseReplication.deleteTopicsAndGroup(reverse.forward()));
        return new StepReport(lines);
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of("would stop reverse capture and applier, drop slot and publication "
                        + io.ferry.capture.PostgresSlot.slotName(reverse.config().name()) + " on the target",
                "would delete the change topics " + reverse.config().kafka().topicPrefix() + ".* and " + reverse.forward().kafka().topicPrefix()
                        + ".* of this migration, its schema history topics and the consumer groups of both appliers");
    }
}
