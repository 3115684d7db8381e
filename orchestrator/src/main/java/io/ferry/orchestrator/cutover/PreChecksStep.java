package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.migration.ReadinessSignals;
import io.ferry.orchestrator.migration.Refusal;
import java.util.ArrayList;
import java.util.List;

/**
 * The readiness gate: lag under the threshold for long enough, no dead letters, a clean validation, all running; and
 * the freeze's account allowed to stop the source's writes ({@link FreezeStrategy#cannotFreeze}).
 */
public final class PreChecksStep implements CutoverStep {

    private final ReadinessProbe probe;
    private final ReadinessGate gate;
    private final FreezeStrategy freeze;

    public PreChecksStep(ReadinessProbe probe, ReadinessGate gate, FreezeStrategy freeze) {
        this.probe = probe;
        this.gate = gate;
        this.freeze = freeze;
    }

    @Override
    public String name() {
        return "pre-checks";
    }

    @Override
    public MigrationPhase reaches() {
        return MigrationPhase.READY;
    }

    @Override
    public StepReport run(CutoverContext ctx) throws Exception {
        ReadinessSignals s = probe.read();
        List<Refusal> refusals = refusals(s);
        if (!refusals.isEmpty()) {
            throw new CutoverRefusedException(refusals);
        }
        return new StepReport(describe(s));
    }

    @Override
    public StepReport dryRun(CutoverContext ctx) throws Exception {
        ReadinessSignals s = probe.read();
        List<String> lines = describe(s);
        List<Refusal> refusals = refusals(s);
        lines.add(refusals.isEmpty() ? "ready: a cutover would start" : "not ready; a cutover would be refused:");
        refusals.forEach(r -> lines.add("  " + r));
        return new StepReport(lines);
    }

    private List<Refusal> refusals(ReadinessSignals s) throws Exception {
        List<Refusal> refusals = new ArrayList<>(gate.refusals(s));
        freeze.cannotFreeze().forEach(why -> refusals.add(new Refusal(Refusal.Code.FREEZE_NOT_PERMITTED, why)));
        return refusals;
    }

    private static List<String> describe(ReadinessSignals s) {
        List<String> out = new ArrayList<>();
        out.add("lag " + (s.lag() == null ? "unknown" : s.lag().toMillis() + " ms") + (s.lagSteadyFor() == null ? ""
                : ", under the threshold for " + s.lagSteadyFor().toMillis() + " ms"));
        out.add("dead letters " + s.deadLetters() + "; last validation " + (s.validationClean() == null ? "none" : s.validationClean() ? "clean" : "NOT clean"));
        out.add("capture " + (s.captureRunning() ? "running" : "NOT running") + ", applier " + (s.applierRunning() ? "running" : "NOT running"));
        return out;
    }
}
