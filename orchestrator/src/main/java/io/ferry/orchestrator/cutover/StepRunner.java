package io.ferry.orchestrator.cutover;

import io.ferry.orchestrator.migration.MigrationPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * What a {@link Cutover} and a {@link Rollback} do alike with their steps: run one on its own thread within the freeze
 * budget, run every step's dry-run twin, and unfreeze with retries.
 */
final class StepRunner {

    /** How often an unfreeze is tried before the migration is left for an operator. */
    static final int UNFREEZE_ATTEMPTS = 3;

    private StepRunner() {
    }

    /** The one daemon thread a protocol's steps run on, named after it ({@code ferry-cutover-shop}). */
    static ExecutorService stepThread(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** An operator's abort, which ends the running step. */
    static final class AbortRequested extends Exception {
        AbortRequested(String reason) {
            super(reason);
        }
    }

    /**
     * Runs a step on the protocol's thread and waits for it in slices, so that an exhausted freeze budget or an abort
     * request cuts it off. The step that reaches {@code pointOfNoReturn} (the flip, the flip back) is not cut off: once
     * it started it either committed or not, and the phase read afterwards tells which.
     *
     * @param abortRequest the reason of an operator's abort, or null while there is none
     * @throws TimeoutException when the budget ran out; {@link AbortRequested} on an abort; the step's own exception
     */
    static StepReport withinBudget(ExecutorService thread, CutoverStep step, CutoverContext ctx, MigrationPhase pointOfNoReturn,
                                   Supplier<String> abortRequest) throws Exception {
        Future<StepReport> f = thread.submit(() -> step.run(ctx));
        while (true) {
            long slice = ctx.frozen() ? Math.min(20, Math.max(0, ctx.remaining().toMillis())) : 20;
            try {
                return f.get(slice, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                String abort = abortRequest.get();
                if (abort != null) {
                    f.cancel(true);
                    throw new AbortRequested(abort);
                }
                if (ctx.budgetExhausted() && step.reaches() != pointOfNoReturn) {
                    f.cancel(true);
                    throw e;
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception ex) {
                    throw ex;
                }
                throw e;
            }
        }
    }

    /** Every step's dry-run twin in order; a failing twin is reported and the rest still run. */
    static List<CutoverReport.StepOutcome> dryRuns(List<CutoverStep> steps, CutoverContext ctx) {
        List<CutoverReport.StepOutcome> out = new ArrayList<>();
        for (CutoverStep step : steps) {
            long t0 = System.nanoTime();
            try {
                out.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), step.dryRun(ctx).details(), null));
            } catch (Exception e) {
                out.add(new CutoverReport.StepOutcome(step.name(), millisSince(t0), List.of(), describe(e)));
            }
        }
        return out;
    }

    /**
     * Unfreezes, trying {@value #UNFREEZE_ATTEMPTS} times.
     *
     * @param side what is unfrozen, for the log ("the source of shop")
     * @return null when unfrozen, else the last error
     */
    static String unfreeze(FreezeStrategy freeze, CutoverContext ctx, String side, Logger log) {
        String error = null;
        for (int attempt = 1; attempt <= UNFREEZE_ATTEMPTS; attempt++) {
            try {
                freeze.unfreeze(ctx);
                return null;
            } catch (Exception e) {
                error = describe(e);
                log.error("unfreezing {} failed (attempt {} of {}): {}", side, attempt, UNFREEZE_ATTEMPTS, error);
            }
        }
        return error;
    }

    /** Milliseconds since a {@link System#nanoTime()} reading; 0 for none. */
    static long millisSince(Long t0) {
        return t0 == null || t0 == 0 ? 0 : (System.nanoTime() - t0) / 1_000_000L;
    }

    /** An exception as a report shows it: its type and message. */
    static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
