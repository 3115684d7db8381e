package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.migration.InMemoryMigrationStore;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Refusal;
import io.ferry.orchestrator.migration.Routing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rollback's protocol with fake steps: freeze the target, drain, validate, flip back, unfreeze the source; the abort
 * rules before the flip back; recovery by a restarted coordinator at every step; and the invariant that at no moment
 * both sides take the application's writes.
 */
class RollbackTest {

    private final InMemoryMigrationStore store = new InMemoryMigrationStore();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** The forward cutover left the source frozen; the target takes the application's writes. */
    private final Side source = new Side("source", true);
    private final Side target = new Side("target", false);
    private final AtomicReference<String> reverseProblem = new AtomicReference<>();
    private Migration migration;

    @BeforeEach
    void flipped() throws Exception {
        store.create("m", MigrationPhase.STREAMING, "test");
        Migration m = store.acquire("m", "setup");
        for (MigrationPhase p : List.of(MigrationPhase.READY, MigrationPhase.FROZEN, MigrationPhase.DRAINED, MigrationPhase.VALIDATED)) {
            m.moveTo(p, "setup");
        }
        m.flip("setup");
        migration = store.acquire("m", "coordinator-1");
    }

    /** One side's freeze, checking after every change that the two sides are never writable at once. */
    private final class Side implements FreezeStrategy {
        final String name;
        volatile boolean frozen;

        Side(String name, boolean frozen) {
            this.name = name;
            this.frozen = frozen;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void freeze(CutoverContext ctx) {
            events.add("freeze " + name);
            frozen = true;
        }

        @Override
        public void unfreeze(CutoverContext ctx) {
            events.add("unfreeze " + name);
            frozen = false;
            assertThat(source.frozen || target.frozen).as("both sides writable after unfreezing the " + name).isTrue();
        }

        @Override
        public List<String> describeFreeze() {
            return List.of("would freeze " + name);
        }

        @Override
        public List<String> describeUnfreeze() {
            return List.of("would unfreeze " + name);
        }
    }

    private final class FakeStep implements CutoverStep {
        final String name;
        final MigrationPhase reaches;
        final CutoverTest.Body body;

        FakeStep(String name, MigrationPhase reaches, CutoverTest.Body body) {
            this.name = name;
            this.reaches = reaches;
            this.body = body;
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
        public StepReport run(CutoverContext ctx) throws Exception {
            events.add("run " + name);
            body.run(ctx);
            return StepReport.of(name + " done");
        }

        @Override
        public StepReport dryRun(CutoverContext ctx) {
            events.add("dry " + name);
            return StepReport.of("would " + name);
        }
    }

    private RollbackPlan plan(CutoverTest.Body drain, CutoverTest.Body validation) {
        return new RollbackPlan(List.of(
                new PhaseStep("freeze-target", new FreezeStep(target), MigrationPhase.ROLLBACK_FROZEN),
                new FakeStep("target-watermark", null, ctx -> ctx.watermark("0/16B3748")),
                new FakeStep("reverse-drain", MigrationPhase.ROLLBACK_DRAINED, drain),
                new FakeStep("rollback-validation", MigrationPhase.ROLLBACK_VALIDATED, validation),
                new FlipBackStep()),
                target,
                List.of(new UnfreezeSourceStep(source), new FakeStep("end-reverse", null, ctx -> { })),
                reverseProblem::get);
    }

    private Rollback rollback(RollbackPlan plan, Duration budget) {
        return new Rollback(migration, plan, budget, new FaultPoints(null));
    }

    private List<MigrationPhase> phases() throws Exception {
        List<MigrationPhase> out = new ArrayList<>();
        store.log("m", 100).forEach(t -> out.add(0, t.to()));
        return out;
    }

    @Test
    void flipsTheRoutingBackAndUnfreezesTheSourceOnlyAfterTheFlipBack() throws Exception {
        CutoverReport r = rollback(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).run("test");

        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ROLLED_BACK);
        assertThat(r.steps()).extracting(CutoverReport.StepOutcome::step).containsExactly("freeze-target", "target-watermark",
                "reverse-drain", "rollback-validation", "flip-back", "unfreeze-source", "end-reverse");
        assertThat(events).containsExactly("freeze target", "run target-watermark", "run reverse-drain", "run rollback-validation",
                "unfreeze source", "run end-reverse");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.ROLLED_BACK);
        assertThat(migration.state().routing()).isEqualTo(new Routing(Routing.Side.SOURCE, 3));
        assertThat(target.frozen).as("the target stays frozen: the application writes to the source again").isTrue();
        assertThat(source.frozen).isFalse();
        assertThat(r.freezeMillis()).isNotNull().isLessThan(5000);
        assertThat(phases()).endsWith(MigrationPhase.FLIPPED, MigrationPhase.ROLLBACK_FROZEN, MigrationPhase.ROLLBACK_DRAINED,
                MigrationPhase.ROLLBACK_VALIDATED, MigrationPhase.ROLLED_BACK);
    }

    @Test
    void aFailedStepBeforeTheFlipBackUnfreezesTheTargetAndStaysFlipped() throws Exception {
        CutoverReport r = rollback(plan(ctx -> { }, ctx -> {
            throw new IllegalStateException("the rollback's validation found 1 difference(s)");
        }), Duration.ofSeconds(5)).run("test");

        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).contains("rollback-validation", "1 difference");
        assertThat(events).containsSubsequence("freeze target", "run rollback-validation", "unfreeze target").doesNotContain("unfreeze source");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(migration.state().routing()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
        assertThat(source.frozen).isTrue();
        assertThat(target.frozen).isFalse();
    }

    @Test
    void theFreezeBudgetRunningOutDuringTheReverseDrainAbortsTheRollback() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CutoverReport r = rollback(plan(ctx -> never.await(1, TimeUnit.MINUTES), ctx -> { }), Duration.ofMillis(300)).run("test");

        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).isEqualTo("the freeze budget of 300 ms ran out during step reverse-drain");
        assertThat(r.freezeMillis()).isBetween(300L, 5000L);
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(target.frozen).isFalse();
        assertThat(source.frozen).isTrue();
    }

    @Test
    void isRefusedWithoutRunningReverseReplicationOrOutsideFlipped() throws Exception {
        reverseProblem.set("reverse replication stopped: boom");
        CutoverReport r = rollback(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).run("test");
        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.REFUSED);
        assertThat(r.refusals()).extracting(Refusal::code).containsExactly(Refusal.Code.REVERSE_NOT_RUNNING);
        assertThat(events).isEmpty();

        reverseProblem.set(null);
        migration.moveTo(MigrationPhase.COMPLETE, "test");
        CutoverReport late = rollback(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).run("test");
        assertThat(late.outcome()).isEqualTo(CutoverReport.Outcome.REFUSED);
        assertThat(late.refusals()).extracting(Refusal::code).containsExactly(Refusal.Code.WRONG_PHASE);
        assertThat(events).isEmpty();
    }

    @Test
    void aDryRunRunsEveryTwinAndChangesNothing() throws Exception {
        CutoverReport r = rollback(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).dryRun();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.DRY_RUN);
        assertThat(events).allMatch(e -> e.startsWith("dry ")).contains("dry reverse-drain", "dry end-reverse");
        assertThat(r.steps()).extracting(CutoverReport.StepOutcome::step).contains("freeze-target", "flip-back", "unfreeze-source", "budget");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(migration.state().routing()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
        assertThat(target.frozen).isFalse();
        assertThat(source.frozen).isTrue();
    }

    /**
     * A coordinator dies after a step (its phase is what the store says; the target's freeze is on from the first step)
     * and another takes the migration: before the flip back it unfreezes the target and stays FLIPPED; after it, it
     * unfreezes the source and ends reverse replication.
     */
    @ParameterizedTest(name = "coordinator killed after {0}")
    @ValueSource(strings = {"freeze-target", "target-watermark", "reverse-drain", "rollback-validation", "flip-back"})
    void aCoordinatorKilledAfterAStepIsRecoveredByTheNextOneWithNeverBothSidesWritable(String killedAfter) throws Exception {
        List<String> order = List.of("freeze-target", "target-watermark", "reverse-drain", "rollback-validation", "flip-back");
        CutoverTest.Body dies = ctx -> { };
        RollbackPlan plan = plan(dies, dies);
        // Run the steps up to the one after which the coordinator dies, as Rollback does, then stop (no abort, no cleanup).
        CutoverContext ctx = new CutoverContext(migration, false);
        for (CutoverStep step : plan.steps()) {
            if (step.freezes()) {
                ctx.startFreeze(Duration.ofSeconds(5));
            }
            step.run(ctx);
            if (step.reaches() != null) {
                migration.moveTo(step.reaches(), "test");
            }
            if (step.name().equals(killedAfter)) {
                break;
            }
        }
        boolean flippedBack = order.indexOf(killedAfter) >= order.indexOf("flip-back");
        assertThat(target.frozen).isTrue();
        assertThat(source.frozen).isTrue();

        Migration next = store.acquire("m", "coordinator-2");
        CutoverReport r = new Rollback(next, plan, Duration.ofSeconds(5), new FaultPoints(null)).recover();

        assertThat(r).isNotNull();
        if (flippedBack) {
            assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ROLLED_BACK);
            assertThat(next.phase()).isEqualTo(MigrationPhase.ROLLED_BACK);
            assertThat(next.state().routing().side()).isEqualTo(Routing.Side.SOURCE);
            assertThat(source.frozen).isFalse();
            assertThat(target.frozen).isTrue();
            assertThat(events).contains("run end-reverse");
        } else {
            assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
            assertThat(next.phase()).isEqualTo(MigrationPhase.FLIPPED);
            assertThat(next.state().routing().side()).isEqualTo(Routing.Side.TARGET);
            assertThat(target.frozen).isFalse();
            assertThat(source.frozen).isTrue();
        }
    }
}
