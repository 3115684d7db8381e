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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cutover's steps in order under a freeze budget: from the start of the freeze to the flip, at most
 * {@code budget}. When the budget runs out, a step fails or an abort is requested before the flip, the source is
 * unfrozen and the migration goes to ABORTED (with the reason) and back to STREAMING. The flip is the point of no
 * return: after it, failures are reported and retried forward ({@link #complete}), never rolled back.
 *
 * <p>A coordinator that starts on a migration calls {@link #recover} first: a cutover that was in progress before
 * the flip is rolled back, one past the flip is completed.
 *
 * <p>Fault points {@code cutover.before-<step>} and {@code cutover.after-<step>} surround every step.
 */
public final class Cutover {

    private static final Logger LOG = LoggerFactory.getLogger(Cutover.class);
    private final Migration migration;
    private final CutoverPlan plan;
    private final Duration budget;
    private final FaultPoints faults;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<String> abortRequest = new AtomicReference<>();

    public Cutover(Migration migration, CutoverPlan plan, Duration budget, FaultPoints faults) {
        this.migration = migration;
        this.plan = plan;
        this.budget = budget;
        this.faults = faults;
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Asks a running cutover to abort before its next step (or now, if it is waiting); false if none runs. */
    public boolean requestAbort(String reason) {
        if (!running.get()) {
            return false;
        }
        abortRequest.compareAndSet(null, reason);
        return true;
    }

    /** Runs the cutover to the flip and, after it, the post-flip steps. */
    public CutoverReport run() throws SQLException {
        return run(migration.actor());
    }

    /** As {@link #run()}, on request of {@code who} (named in every transition's reason). */
    public CutoverReport run(String who) throws SQLException {
        if (!running.compareAndSet(false, true)) {
            return refused(List.of(new Refusal(Refusal.Code.CUTOVER_RUNNING, "a cutover of " + migration.name() + " is already running")));
        }
        abortRequest.set(null);
        ExecutorService executor = StepRunner.stepThread("ferry-cutover-" + migration.name());
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
        if (phase != MigrationPhase.STREAMING && phase != MigrationPhase.READY) {
            return refused(List.of(new Refusal(Refusal.Code.WRONG_PHASE,
                    "the migration is " + phase + "; a cutover starts from STREAMING or READY")));
        }
        CutoverContext ctx = new CutoverContext(migration, false);
        List<CutoverReport.StepOutcome> done = new ArrayList<>();
        long freezeStart = 0;
        for (CutoverStep step : plan.steps()) {
            faults.reached("cutover.before-" + step.name());
            String abort = abortRequest.get();
            if (abort == null && ctx.budgetExhausted()) {
                abort = "the freeze budget of " + budget.toMillis() + " ms ran out before step " + step.name();
            }
            if (abort != null) {
                return rollBack(ctx, done, abort, freezeStart, started);
            }
            if (step.freezes()) {
                freezeStart = System.nanoTime();
                ctx.startFreeze(budget);
            }
            long t0 = System.nanoTime();
            try {
                StepReport r = execute(executor, step, ctx);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), r.details(), null));
                if (step.reaches() != null) {
                    migration.moveTo(step.reaches(), "cutover step " + step.name() + " done (cutover requested by " + who + ")");
                }
            } catch (CutoverRefusedException e) {
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), e.getMessage()));
                // Not recorded as the last cutover: a refusal changed nothing, and the last real one stays visible.
                return new CutoverReport(migration.name(), CutoverReport.Outcome.REFUSED, "refused at " + step.name(),
                        e.refusals(), done, null, started);
            } catch (FencedException e) {
                LOG.error("{}", e.getMessage());
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), e.getMessage()));
                return new CutoverReport(migration.name(), CutoverReport.Outcome.FENCED, e.getMessage(), null, done, null, started);
            } catch (TimeoutException e) {
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), "interrupted: freeze budget ran out"));
                return rollBack(ctx, done, "the freeze budget of " + budget.toMillis() + " ms ran out during step " + step.name(),
                        freezeStart, started);
            } catch (StepRunner.AbortRequested e) {
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), "interrupted: " + e.getMessage()));
                return rollBack(ctx, done, e.getMessage(), freezeStart, started);
            } catch (Exception e) {
                String error = describe(e);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), error));
                return rollBack(ctx, done, "step " + step.name() + " failed: " + error, freezeStart, started);
            }
            faults.reached("cutover.after-" + step.name());
        }
        long frozenFor = millisSince(freezeStart);
        String left = afterFlip(done, false);
        CutoverReport report = new CutoverReport(migration.name(), outcome(left), left != null ? left : holding(), null, done, frozenFor, started);
        return record(report);
    }

    /**
     * Dry run: every step's twin, in order, with no freeze and no transition. A step whose twin fails is reported
     * with the error and the rest still run, so one dry run shows every problem.
     */
    public CutoverReport dryRun() throws SQLException {
        String started = Instant.now().toString();
        CutoverContext ctx = new CutoverContext(migration, true);
        List<CutoverReport.StepOutcome> out = new ArrayList<>();
        List<CutoverStep> all = new ArrayList<>(plan.steps());
        all.addAll(plan.afterFlip());
        all.addAll(plan.onComplete());
        out.addAll(StepRunner.dryRuns(all, ctx));
        List<String> budgetLine = List.of("freeze budget " + budget.toMillis() + " ms from freeze to flip; on abort: "
                + String.join("; ", plan.freeze().describeUnfreeze()));
        out.add(new CutoverReport.StepOutcome("budget", 0, budgetLine, null));
        return new CutoverReport(migration.name(), CutoverReport.Outcome.DRY_RUN, "phase " + migration.phase() + ", nothing changed",
                null, out, null, started);
    }

    /**
     * What a coordinator does first when it takes a migration: before the point of no return a cutover in progress
     * (FROZEN, DRAINED, VALIDATED, or READY with a freeze that may have begun) is rolled back: the source unfrozen,
     * the migration back to STREAMING; after it (FLIPPED) the post-flip steps run again and the migration completes.
     *
     * @return what was done, or null when nothing was in progress
     */
    public CutoverReport recover() throws SQLException {
        MigrationPhase phase = migration.phase();
        String started = Instant.now().toString();
        List<CutoverReport.StepOutcome> done = new ArrayList<>();
        if (phase.isFreezing() || phase == MigrationPhase.READY || phase == MigrationPhase.ABORTED) {
            CutoverContext ctx = new CutoverContext(migration, false);
            ctx.startFreeze(Duration.ZERO);
            return rollBack(ctx, done, "a coordinator restarted in " + phase + ", before the flip", null, started);
        }
        if (phase == MigrationPhase.FLIPPED) {
            String left = afterFlip(done, false);
            return record(new CutoverReport(migration.name(), outcome(left),
                    left != null ? left : plan.holdsAtFlip() ? "a coordinator restarted after the flip and ran the post-flip steps again; " + holding()
                            : "a coordinator restarted after the flip and completed it", null, done, null, started));
        }
        return null;
    }

    /** Completes a flipped migration (the post-flip steps again); refused in any other phase. */
    public CutoverReport complete(String who) throws SQLException {
        if (running.get()) {
            return refused(List.of(new Refusal(Refusal.Code.CUTOVER_RUNNING, "a cutover is running; it completes by itself")));
        }
        MigrationPhase phase = migration.phase();
        String started = Instant.now().toString();
        if (phase != MigrationPhase.FLIPPED) {
            return refused(List.of(new Refusal(Refusal.Code.WRONG_PHASE, "the migration is " + phase + "; only a FLIPPED migration completes")));
        }
        List<CutoverReport.StepOutcome> done = new ArrayList<>();
        String left = afterFlip(done, true);
        return record(new CutoverReport(migration.name(), left == null ? CutoverReport.Outcome.COMPLETE : CutoverReport.Outcome.FLIPPED,
                left == null ? "completed on request of " + who : left, null, done, null, started));
    }

    /**
     * Aborts a cutover before the flip: a running one at its next step; one left behind by a dead coordinator at
     * once. A FAILED migration (its source could not be unfrozen) is unfrozen again and, once that succeeds, streams on.
     * Refused after the flip, or when no cutover is in progress.
     */
    public CutoverReport abort(String who) throws SQLException {
        if (requestAbort("aborted on request of " + who)) {
            return new CutoverReport(migration.name(), CutoverReport.Outcome.ABORTED, "abort requested by " + who
                    + "; the running cutover stops before its next step", null, List.of(), null, Instant.now().toString());
        }
        MigrationPhase phase = migration.phase();
        if (phase == MigrationPhase.FAILED) {
            return unfreezeFailed(who);
        }
        if (!phase.isFreezing() && phase != MigrationPhase.READY) {
            return refused(List.of(new Refusal(Refusal.Code.WRONG_PHASE, "the migration is " + phase
                    + (phase.isBeforePointOfNoReturn() ? "; no cutover is in progress" : "; past the flip there is no abort, only complete"))));
        }
        CutoverContext ctx = new CutoverContext(migration, false);
        ctx.startFreeze(Duration.ZERO);
        return rollBack(ctx, new ArrayList<>(), "aborted on request of " + who, null, Instant.now().toString());
    }

    private StepReport execute(ExecutorService executor, CutoverStep step, CutoverContext ctx) throws Exception {
        return StepRunner.withinBudget(executor, step, ctx, MigrationPhase.FLIPPED, abortRequest::get);
    }

    /** Unfreezes and records ABORTED then STREAMING; FAILED if the source cannot be unfrozen. */
    private CutoverReport rollBack(CutoverContext ctx, List<CutoverReport.StepOutcome> done, String reason, Long freezeStart,
                                   String started) throws SQLException {
        MigrationPhase phase = migration.phase();
        if (!phase.isBeforePointOfNoReturn()) {
            // The flip committed while the budget ran out: the target is live, so complete instead.
            String left = afterFlip(done, false);
            return record(new CutoverReport(migration.name(), outcome(left),
                    "the flip committed as the cutover was stopped (" + reason + ")", null, done, millisSince(freezeStart), started));
        }
        LOG.warn("cutover of {} aborted: {}", migration.name(), reason);
        Long frozenFor = null;
        if (ctx.frozen()) {
            long t0 = System.nanoTime();
            String error = unfreeze(ctx);
            done.add(new CutoverReport.StepOutcome("unfreeze", millisSince(t0), plan.freeze().describeUnfreeze(), error));
            frozenFor = freezeStart == null ? null : millisSince(freezeStart);
            if (error != null) {
                String why = reason + "; unfreezing the source failed (" + error + "): it may still be frozen; once the cause is fixed, "
                        + "ferry abort unfreezes it and streaming goes on";
                migration.moveTo(MigrationPhase.FAILED, why);
                return record(new CutoverReport(migration.name(), CutoverReport.Outcome.FAILED, why, null, done, frozenFor, started));
            }
        }
        if (phase.isFreezing()) {
            migration.moveTo(MigrationPhase.ABORTED, reason);
            phase = MigrationPhase.ABORTED;
        }
        if (phase == MigrationPhase.ABORTED || phase == MigrationPhase.READY) {
            migration.moveTo(MigrationPhase.STREAMING, phase == MigrationPhase.READY ? reason : "source unfrozen; streaming goes on");
        }
        return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ABORTED, reason, null, done, frozenFor, started));
    }

    /**
     * The operator's way out of FAILED: the unfreeze again (idempotent, so also right when the freeze never took effect),
     * then STREAMING; FAILED stays, with the new error, while the source still cannot be unfrozen.
     */
    private CutoverReport unfreezeFailed(String who) throws SQLException {
        String started = Instant.now().toString();
        long t0 = System.nanoTime();
        String error = unfreeze(new CutoverContext(migration, false));
        List<CutoverReport.StepOutcome> done = List.of(new CutoverReport.StepOutcome("unfreeze", millisSince(t0),
                plan.freeze().describeUnfreeze(), error));
        if (error != null) {
            return record(new CutoverReport(migration.name(), CutoverReport.Outcome.FAILED, "the migration stays FAILED: unfreezing the source "
                    + "failed again (" + error + "); unfreeze it by hand or give the account the privilege, then abort again", null, done, null,
                    started));
        }
        String reason = "source unfrozen on request of " + who + "; streaming goes on";
        migration.moveTo(MigrationPhase.STREAMING, reason);
        return record(new CutoverReport(migration.name(), CutoverReport.Outcome.ABORTED, reason, null, done, null, started));
    }

    private String unfreeze(CutoverContext ctx) {
        return StepRunner.unfreeze(plan.freeze(), ctx, "the source of " + migration.name(), LOG);
    }

    private CutoverReport.Outcome outcome(String left) {
        return left == null && !plan.holdsAtFlip() ? CutoverReport.Outcome.COMPLETE : CutoverReport.Outcome.FLIPPED;
    }

    private String holding() {
        return plan.holdsAtFlip() ? "flipped; reverse replication carries the target's writes to the source until ferry complete or ferry rollback"
                : null;
    }

    /**
     * Runs the post-flip steps (and, when {@code completing}, the steps only {@code ferry complete} runs) and moves to
     * COMPLETE, unless the plan holds at the flip and this is not a completion; returns what is left undone, or null.
     */
    private String afterFlip(List<CutoverReport.StepOutcome> done, boolean completing) throws SQLException {
        CutoverContext ctx = new CutoverContext(migration, false);
        List<CutoverStep> steps = new ArrayList<>(plan.afterFlip());
        if (completing) {
            steps.addAll(plan.onComplete());
        }
        for (CutoverStep step : steps) {
            faults.reached("cutover.before-" + step.name());
            long t0 = System.nanoTime();
            try {
                List<String> details = step.run(ctx).details();
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), details, null));
            } catch (FencedException e) {
                throw e;
            } catch (Exception e) {
                String error = describe(e);
                done.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), error));
                LOG.error("post-flip step {} of {} failed; the migration stays FLIPPED until complete succeeds: {}", step.name(),
                        migration.name(), error);
                return "flipped; post-flip step " + step.name() + " failed: " + error;
            }
            faults.reached("cutover.after-" + step.name());
        }
        if (completing || !plan.holdsAtFlip()) {
            migration.moveTo(MigrationPhase.COMPLETE, completing && plan.holdsAtFlip() ? "reverse replication ended, post-flip steps done"
                    : "post-flip steps done");
        }
        return null;
    }

    private CutoverReport refused(List<Refusal> refusals) {
        return new CutoverReport(migration.name(), CutoverReport.Outcome.REFUSED, "refused", refusals, List.of(), null, Instant.now().toString());
    }

    private CutoverReport record(CutoverReport report) throws SQLException {
        migration.recordCutover(report.json());
        return report;
    }

    private static long millisSince(Long t0) {
        return StepRunner.millisSince(t0);
    }

    static String describe(Exception e) {
        return StepRunner.describe(e);
    }
}
