package io.ferry.orchestrator.cutover;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.migration.FencedException;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Refusal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ferry rollback}: takes a FLIPPED migration back to its source, with the same freeze budget, abort rules, dry
 * run and crash-resume as the forward {@link Cutover} (docs/rollback.md). The steps freeze the target, drain reverse
 * replication, validate, and flip the routing back (the rollback's point of no return); after it the source is unfrozen
 * and reverse replication ended. Before the flip back every failure (a step, the budget) unfreezes the target and the
 * migration stays FLIPPED, reverse replication going on; after it a restarted coordinator completes the rollback. The
 * source stays frozen until after the flip back and the target stays frozen after it: at no moment are both sides
 * writable for the application.
 *
 * <p>Fault points {@code rollback.before-<step>} and {@code rollback.after-<step>} surround every step.
 */
public final class Rollback {

    private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);
    private final Migration migration;
    private final RollbackPlan plan;
    private final Duration budget;
    private final FaultPoints faults;
    private final AtomicBoolean running = new AtomicBoolean();

    public Rollback(Migration migration, RollbackPlan plan, Duration budget, FaultPoints faults) {
        this.migration = migration;
        this.plan = plan;
        this.budget = budget;
        this.faults = faults;
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Runs the rollback to the flip back and, after it, the steps that complete it. */
    public CutoverReport run(String who) throws SQLException {
        if (!running.compareAndSet(false, true)) {
            return refused(new Refusal(Refusal.Code.CUTOVER_RUNNING, "a rollback of " + migration.name() + " is already running"));
        }
        ExecutorService executor = StepRunner.stepThread("ferry-rollback-" + migration.name());
        try {
            return runSteps(executor, who);
        } finally {
            executor.shutdownNow();
            running.set(false);
        }
    }

    private CutoverReport runSteps(ExecutorService executor, String who) throws SQLException {
        String started = Instant.now().toString();
        MigrationPhase phase = migration.phase();
        if (phase != MigrationPhase.FLIPPED) {
            return refused(new Refusal(Refusal.Code.WRONG_PHASE, "the migration is " + phase + "; a rollback starts from FLIPPED"));
        }
        String reverseProblem = plan.reverseProblem().get();
        if (reverseProblem != null) {
            return refused(new Refusal(Refusal.Code.REVERSE_NOT_RUNNING, reverseProblem));
        }
        CutoverContext ctx = new CutoverContext(migration, false);
        List<CutoverReport.StepOutcome> done = new ArrayList<>();
        long freezeStart = 0;
        for (CutoverStep step : plan.steps()) {
            faults.reached("rollback.before-" + step.name());
            if (ctx.budgetExhausted()) {
                return abort(ctx, done, "the freeze budget of " + budget.toMillis() + " ms ran out before step " + step.name(), freezeStart, started);
            }
            if (step.freezes()) {
                freezeStart = System.nanoTime();
                ctx.startFreeze(budget);
            }
            long t0 = System.nanoTime();
            try {
                StepReport r = execute(executor, step, ctx);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), r.details(), null));
                if (step.reaches() != null && step.reaches() != MigrationPhase.ROLLED_BACK) {
                    migration.moveTo(step.reaches(), "rollback step " + step.name() + " done (rollback requested by " + who + ")");
                }
            } catch (FencedException e) {
                LOG.error("{}", e.getMessage());
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), e.getMessage()));
                return new CutoverReport(migration.name(), CutoverReport.Outcome.FENCED, e.getMessage(), null, done, null, started);
            } catch (TimeoutException e) {
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), "interrupted: freeze budget ran out"));
                return abort(ctx, done, "the freeze budget of " + budget.toMillis() + " ms ran out during step " + step.name(), freezeStart, started);
            } catch (Exception e) {
                String error = Cutover.describe(e);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), error));
                return abort(ctx, done, "step " + step.name() + " failed: " + error, freezeStart, started);
            }
            faults.reached("rollback.after-" + step.name());
        }
        long frozenFor = millisSince(freezeStart);
        String left = afterFlipBack(done);
        return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ROLLED_BACK,
                left == null ? "rolled back on request of " + who : left, null, done, frozenFor, started));
    }

    /** Dry run: every step's twin in order, with no freeze and no transition; a failing twin is reported and the rest run. */
    public CutoverReport dryRun() throws SQLException {
        String started = Instant.now().toString();
        CutoverContext ctx = new CutoverContext(migration, true);
        List<CutoverReport.StepOutcome> out = new ArrayList<>();
        String reverseProblem = plan.reverseProblem().get();
        if (reverseProblem != null) {
            out.add(new CutoverReport.StepOutcome("reverse", 0, List.of(), "a rollback would be refused: " + reverseProblem));
        }
        List<CutoverStep> all = new ArrayList<>(plan.steps());
        all.addAll(plan.afterFlipBack());
        out.addAll(StepRunner.dryRuns(all, ctx));
        out.add(new CutoverReport.StepOutcome("budget", 0, List.of("freeze budget " + budget.toMillis()
                + " ms from the target's freeze to the flip back; on abort: " + String.join("; ", plan.targetFreeze().describeUnfreeze())), null));
        return new CutoverReport(migration.name(), CutoverReport.Outcome.DRY_RUN, "rollback dry run in phase " + migration.phase()
                + ", nothing changed", null, out, null, started);
    }

    /**
     * What a coordinator does first when it takes a migration a rollback was working on: before the flip back, the
     * target is unfrozen and the migration back to FLIPPED (reverse replication goes on); after it, the steps after the
     * flip back run again.
     *
     * @return what was done, or null when no rollback was in progress
     */
    public CutoverReport recover() throws SQLException {
        MigrationPhase phase = migration.phase();
        String started = Instant.now().toString();
        if (phase.isRollingBack()) {
            CutoverContext ctx = new CutoverContext(migration, false);
            ctx.startFreeze(Duration.ZERO);
            return abort(ctx, new ArrayList<>(), "a coordinator restarted in " + phase + ", before the flip back", null, started);
        }
        if (phase == MigrationPhase.ROLLED_BACK) {
            List<CutoverReport.StepOutcome> done = new ArrayList<>();
            String left = afterFlipBack(done);
            return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ROLLED_BACK,
                    left == null ? "a coordinator restarted after the flip back and completed the rollback" : left, null, done, null, started));
        }
        return null;
    }

    private StepReport execute(ExecutorService executor, CutoverStep step, CutoverContext ctx) throws Exception {
        return StepRunner.withinBudget(executor, step, ctx, MigrationPhase.ROLLED_BACK, () -> null);
    }

    /** Before the flip back: unfreezes the target and goes back to FLIPPED; FAILED is never entered (the routing names the target). */
    private CutoverReport abort(CutoverContext ctx, List<CutoverReport.StepOutcome> done, String reason, long freezeStart, String started)
            throws SQLException {
        return abort(ctx, done, reason, (Long) freezeStart, started);
    }

    private CutoverReport abort(CutoverContext ctx, List<CutoverReport.StepOutcome> done, String reason, Long freezeStart, String started)
            throws SQLException {
        MigrationPhase phase = migration.phase();
        if (phase == MigrationPhase.ROLLED_BACK) {
            String left = afterFlipBack(done);
            return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ROLLED_BACK,
                    "the flip back committed as the rollback was stopped (" + reason + ")" + (left == null ? "" : "; " + left), null, done,
                    millisSince(freezeStart), started));
        }
        LOG.warn("rollback of {} aborted: {}", migration.name(), reason);
        Long frozenFor = null;
        if (ctx.frozen()) {
            long t0 = System.nanoTime();
            String error = unfreezeTarget(ctx);
            done.add(new CutoverReport.StepOutcome("unfreeze-target", millisSince(t0), plan.targetFreeze().describeUnfreeze(), error));
            frozenFor = millisSince(freezeStart);
            if (error != null) {
                // The routing still names the target, which stays frozen: the migration keeps its rollback phase, and the
                // next coordinator (or ferry rollback) tries again; the report says an operator may need to act.
                String why = reason + "; unfreezing the target failed (" + error + "): it stays frozen until an operator unfreezes it";
                return record(new CutoverReport(migration.name(), CutoverReport.Outcome.FAILED, why, null, done, frozenFor, started));
            }
        }
        if (phase.isRollingBack()) {
            migration.moveTo(MigrationPhase.FLIPPED, "rollback aborted, target unfrozen: " + reason);
        }
        return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ABORTED, reason, null, done, frozenFor, started));
    }

    private String unfreezeTarget(CutoverContext ctx) {
        return StepRunner.unfreeze(plan.targetFreeze(), ctx, "the target of " + migration.name(), LOG);
    }

    /** Runs the steps after the flip back; returns what is left undone, or null. */
    private String afterFlipBack(List<CutoverReport.StepOutcome> done) throws SQLException {
        CutoverContext ctx = new CutoverContext(migration, false);
        for (CutoverStep step : plan.afterFlipBack()) {
            faults.reached("rollback.before-" + step.name());
            long t0 = System.nanoTime();
            try {
                List<String> details = step.run(ctx).details();
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), details, null));
            } catch (FencedException e) {
                throw e;
            } catch (Exception e) {
                String error = Cutover.describe(e);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), error));
                LOG.error("step {} after the flip back of {} failed; a restarted coordinator runs it again: {}", step.name(), migration.name(), error);
                return "flipped back; step " + step.name() + " failed: " + error;
            }
            faults.reached("rollback.after-" + step.name());
        }
        return null;
    }

    private CutoverReport refused(Refusal refusal) {
        return new CutoverReport(migration.name(), CutoverReport.Outcome.REFUSED, "refused", List.of(refusal), List.of(), null,
                Instant.now().toString());
    }

    private CutoverReport record(CutoverReport report) throws SQLException {
        migration.recordCutover(report.json());
        return report;
    }

    private static long millisSince(Long t0) {
        return StepRunner.millisSince(t0);
    }
}
