package io.ferry.orchestrator.it;

import io.ferry.orchestrator.cutover.CutoverContext;
import io.ferry.orchestrator.cutover.CutoverStep;
import io.ferry.orchestrator.cutover.StepReport;
import io.ferry.orchestrator.migration.MigrationPhase;

/** A stand-in for a pipeline step, for tests about the coordinator rather than the pipeline: reaches its phase at once. */
final class StandInStep implements CutoverStep {

    private final String name;
    private final MigrationPhase reaches;

    private StandInStep(String name, MigrationPhase reaches) {
        this.name = name;
        this.reaches = reaches;
    }

    static CutoverStep reaching(String name, MigrationPhase phase) {
        return new StandInStep(name, phase);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MigrationPhase reaches() {
        return reaches;
    }

    @Override
    public StepReport run(CutoverContext ctx) {
        return StepReport.of(name + " (stand-in)");
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) {
        return StepReport.of(name + " (stand-in)");
    }
}
