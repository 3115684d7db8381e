package io.ferry.orchestrator.cutover;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.migration.InMemoryMigrationStore;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.migration.Refusal;
import io.ferry.orchestrator.migration.Routing;
import io.ferry.orchestrator.migration.Transition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CutoverTest {

    private final InMemoryMigrationStore store = new InMemoryMigrationStore();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final FakeFreeze freeze = new FakeFreeze();
    private Migration migration;

    @BeforeEach
    void streaming() throws Exception {
        store.create("m", MigrationPhase.STREAMING, "test");
        migration = store.acquire("m", "coordinator-1");
    }

    /** A step that records that it ran; {@code body} decides what it does. */
    private final class FakeStep implements CutoverStep {
        final String name;
        final MigrationPhase reaches;
        final Body body;

        FakeStep(String name, MigrationPhase reaches, Body body) {
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

    @FunctionalInterface
    interface Body {
        void run(CutoverContext ctx) throws Exception;
    }

    private final class FakeFreeze implements FreezeStrategy {
        volatile boolean frozen;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void freeze(CutoverContext ctx) {
            events.add("freeze");
            frozen = true;
        }

        @Override
        public void unfreeze(CutoverContext ctx) {
            events.add("unfreeze");
            frozen = false;
        }

        @Override
        public List<String> describeFreeze() {
            return List.of("would freeze");
        }

        @Override
        public List<String> describeUnfreeze() {
            return List.of("would unfreeze");
        }
    }

    private CutoverPlan plan(Body drain, Body validation) {
        return new CutoverPlan(List.of(
                new FakeStep("pre-checks", MigrationPhase.READY, ctx -> { }),
                new FreezeStep(freeze),
                new FakeStep("watermark", null, ctx -> ctx.watermark("0-1-10")),
                new FakeStep("drain", MigrationPhase.DRAINED, drain),
                new FakeStep("final-validation", MigrationPhase.VALIDATED, validation),
                new FakeStep("fix-ups", null, ctx -> { }),
                new FlipStep()),
                freeze,
                List.of(new FakeStep("validate-constraints", null, ctx -> { })));
    }

    private Cutover cutover(CutoverPlan plan, Duration budget) {
        return new Cutover(migration, plan, budget, new FaultPoints(null));
    }

    @Test
    void flipsTheRoutingAndCompletesWhenEveryStepSucceedsWithinTheBudget() throws Exception {
        CutoverReport r = cutover(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).run();

        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
        assertThat(r.steps()).extracting(CutoverReport.StepOutcome::step).containsExactly("pre-checks", "freeze", "watermark", "drain",
                "final-validation", "fix-ups", "flip", "validate-constraints");
        assertThat(r.freezeMillis()).isNotNull().isLessThan(5000);
        assertThat(migration.state().routing()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
        assertThat(migration.phase()).isEqualTo(MigrationPhase.COMPLETE);
        assertThat(freeze.frozen).as("after the flip the source stays frozen").isTrue();
        assertThat(phases()).containsExactly(MigrationPhase.STREAMING, MigrationPhase.READY, MigrationPhase.FROZEN,
                MigrationPhase.DRAINED, MigrationPhase.VALIDATED, MigrationPhase.FLIPPED, MigrationPhase.COMPLETE);
        assertThat(CutoverReport.fromJson(migration.state().lastCutover()).outcome()).isEqualTo(CutoverReport.Outcome.COMPLETE);
    }

    @Test
    void abortsAndUnfreezesWhenTheFreezeBudgetRunsOutDuringTheDrain() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CutoverReport r = cutover(plan(ctx -> never.await(1, TimeUnit.MINUTES), ctx -> { }), Duration.ofMillis(300)).run();

        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).isEqualTo("the freeze budget of 300 ms ran out during step drain");
        assertThat(r.freezeMillis()).isBetween(300L, 5000L);
        assertThat(freeze.frozen).isFalse();
        assertThat(events).containsSubsequence("freeze", "run drain", "unfreeze").doesNotContain("run final-validation");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.STREAMING);
        assertThat(migration.state().routing()).isEqualTo(Routing.INITIAL);
        Transition aborted = store.log("m", 10).get(1);
        assertThat(aborted.to()).isEqualTo(MigrationPhase.ABORTED);
        assertThat(aborted.reason()).contains("freeze budget");
    }

    @Test
    void abortsAndUnfreezesWhenAStepFails() throws Exception {
        CutoverReport r = cutover(plan(ctx -> { }, ctx -> {
            throw new IllegalStateException("the final validation found 1 difference(s)");
        }), Duration.ofSeconds(5)).run();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).isEqualTo("step final-validation failed: IllegalStateException: the final validation found 1 difference(s)");
        assertThat(freeze.frozen).isFalse();
        assertThat(events).doesNotContain("run fix-ups");
        assertThat(phases()).containsSubsequence(MigrationPhase.DRAINED, MigrationPhase.ABORTED, MigrationPhase.STREAMING);
        assertThat(migration.state().routing().side()).isEqualTo(Routing.Side.SOURCE);
    }

    @Test
    void aFailedMigrationIsUnfrozenAgainByAnAbortAndStreamsOnOnceThatSucceeds() throws Exception {
        RefusingFreeze refusing = new RefusingFreeze();
        CutoverPlan plan = new CutoverPlan(List.of(new FakeStep("pre-checks", MigrationPhase.READY, ctx -> { }), new FreezeStep(refusing),
                new FlipStep()), refusing, List.of());
        Cutover c = cutover(plan, Duration.ofSeconds(5));
        assertThat(c.run().outcome()).isEqualTo(CutoverReport.Outcome.FAILED);
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FAILED);

        CutoverReport again = c.abort("operator");
        assertThat(again.outcome()).isEqualTo(CutoverReport.Outcome.FAILED);
        assertThat(again.reason()).contains("stays FAILED", "READ_ONLY ADMIN");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FAILED);

        refusing.allowed = true; // the operator gave the account its privilege
        CutoverReport recovered = c.abort("operator");
        assertThat(recovered.outcome()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(migration.phase()).isEqualTo(MigrationPhase.STREAMING);
        assertThat(events).endsWith("unfreeze allowed=true");
        assertThat(migration.state().routing().side()).isEqualTo(Routing.Side.SOURCE);
    }

    /** A freeze whose account lacks the privilege: the freeze is refused, and the unfreeze until {@link #allowed}. */
    private final class RefusingFreeze implements FreezeStrategy {
        volatile boolean allowed;

        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public void freeze(CutoverContext ctx) throws Exception {
            throw new java.sql.SQLException("Access denied; you need (at least one of) the READ_ONLY ADMIN privilege(s)");
        }

        @Override
        public void unfreeze(CutoverContext ctx) throws Exception {
            events.add("unfreeze allowed=" + allowed);
            if (!allowed) {
                throw new java.sql.SQLException("Access denied; you need (at least one of) the READ_ONLY ADMIN privilege(s)");
            }
        }

        @Override
        public List<String> describeFreeze() {
            return List.of("would freeze");
        }

        @Override
        public List<String> describeUnfreeze() {
            return List.of("would unfreeze");
        }
    }

    @Test
    void refusesWithReasonsAsDataAndChangesNothing() throws Exception {
        CutoverStep gate = new FakeStep("pre-checks", MigrationPhase.READY, ctx -> {
            throw new CutoverRefusedException(List.of(new Refusal(Refusal.Code.DLQ_NOT_EMPTY, "2 dead letters")));
        });
        CutoverPlan p = plan(ctx -> { }, ctx -> { });
        List<CutoverStep> steps = new ArrayList<>(p.steps());
        steps.set(0, gate);
        CutoverReport r = cutover(new CutoverPlan(steps, freeze, p.afterFlip()), Duration.ofSeconds(5)).run();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.REFUSED);
        assertThat(r.refusals()).extracting(Refusal::code).containsExactly(Refusal.Code.DLQ_NOT_EMPTY);
        assertThat(events).doesNotContain("freeze");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.STREAMING);
    }

    @Test
    void aDryRunRunsEveryTwinAndChangesNothing() throws Exception {
        CutoverReport r = cutover(plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5)).dryRun();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.DRY_RUN);
        assertThat(events).allMatch(e -> e.startsWith("dry ")).contains("dry drain", "dry validate-constraints");
        assertThat(r.steps()).extracting(CutoverReport.StepOutcome::step).contains("freeze", "flip", "budget");
        assertThat(r.steps().stream().filter(s -> s.step().equals("freeze")).findFirst().orElseThrow().details()).containsExactly("would freeze");
        assertThat(freeze.frozen).isFalse();
        assertThat(migration.phase()).isEqualTo(MigrationPhase.STREAMING);
        assertThat(migration.state().routing()).isEqualTo(Routing.INITIAL);
        assertThat(migration.state().lastCutover()).isNull();
        assertThat(store.log("m", 10)).hasSize(1);
    }

    @Test
    void aCoordinatorRestartedBeforeTheFlipUnfreezesAndReturnsToStreaming() throws Exception {
        for (MigrationPhase p : List.of(MigrationPhase.READY, MigrationPhase.FROZEN, MigrationPhase.DRAINED)) {
            migration.moveTo(p, "a cutover was under way");
        }
        freeze.frozen = true;
        Migration restarted = store.acquire("m", "coordinator-2");

        CutoverReport r = new Cutover(restarted, plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5), new FaultPoints(null)).recover();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).contains("restarted in DRAINED, before the flip");
        assertThat(freeze.frozen).isFalse();
        assertThat(restarted.phase()).isEqualTo(MigrationPhase.STREAMING);
        assertThat(restarted.state().routing().side()).isEqualTo(Routing.Side.SOURCE);
    }

    @Test
    void aCoordinatorRestartedAfterTheFlipCompletesForward() throws Exception {
        for (MigrationPhase p : List.of(MigrationPhase.READY, MigrationPhase.FROZEN, MigrationPhase.DRAINED, MigrationPhase.VALIDATED)) {
            migration.moveTo(p, "a cutover was under way");
        }
        migration.flip("flipped before the crash");
        freeze.frozen = true;
        Migration restarted = store.acquire("m", "coordinator-2");

        CutoverReport r = new Cutover(restarted, plan(ctx -> { }, ctx -> { }), Duration.ofSeconds(5), new FaultPoints(null)).recover();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.COMPLETE);
        assertThat(events).containsExactly("run validate-constraints");
        assertThat(freeze.frozen).as("never unfrozen after the flip").isTrue();
        assertThat(restarted.phase()).isEqualTo(MigrationPhase.COMPLETE);
        assertThat(restarted.state().routing().side()).isEqualTo(Routing.Side.TARGET);
    }

    @Test
    void aFailedPostFlipStepLeavesTheMigrationFlippedUntilCompleteSucceeds() throws Exception {
        boolean[] fail = {true};
        CutoverPlan p = plan(ctx -> { }, ctx -> { });
        CutoverPlan failing = new CutoverPlan(p.steps(), freeze, List.of(new FakeStep("validate-constraints", null, ctx -> {
            if (fail[0]) {
                throw new IllegalStateException("constraint fk_x is violated");
            }
        })));
        Cutover c = cutover(failing, Duration.ofSeconds(5));

        CutoverReport r = c.run();
        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.FLIPPED);
        assertThat(r.reason()).contains("constraint fk_x is violated");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(c.abort("operator").outcome()).as("no abort after the flip").isEqualTo(CutoverReport.Outcome.REFUSED);

        fail[0] = false;
        assertThat(c.complete("operator").outcome()).isEqualTo(CutoverReport.Outcome.COMPLETE);
        assertThat(migration.phase()).isEqualTo(MigrationPhase.COMPLETE);
    }

    @Test
    void anAbortRequestStopsARunningCutoverAndUnfreezes() throws Exception {
        CountDownLatch draining = new CountDownLatch(1);
        Cutover c = cutover(plan(ctx -> {
            draining.countDown();
            new CountDownLatch(1).await(1, TimeUnit.MINUTES);
        }, ctx -> { }), Duration.ofSeconds(30));
        Thread aborter = new Thread(() -> {
            try {
                draining.await();
                c.abort("api (127.0.0.1)");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        aborter.start();

        CutoverReport r = c.run();
        aborter.join();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.ABORTED);
        assertThat(r.reason()).isEqualTo("aborted on request of api (127.0.0.1)");
        assertThat(freeze.frozen).isFalse();
        assertThat(migration.phase()).isEqualTo(MigrationPhase.STREAMING);
    }

    @Test
    void aFencedCoordinatorStopsWithoutUnfreezing() throws Exception {
        CutoverReport r = cutover(plan(ctx -> store.acquire("m", "coordinator-2"), ctx -> { }), Duration.ofSeconds(5)).run();

        assertThat(r.outcome()).isEqualTo(CutoverReport.Outcome.FENCED);
        assertThat(events).doesNotContain("unfreeze", "run final-validation");
        assertThat(freeze.frozen).as("the new owner unfreezes on recovery").isTrue();
    }

    private List<MigrationPhase> phases() {
        List<Transition> log = new ArrayList<>(store.log("m", 100));
        Collections.reverse(log);
        return log.stream().map(Transition::to).toList();
    }

    @Test
    void withAWayBackTheCutoverHoldsAtTheFlipUntilCompleteRunsTheStepsThatEndIt() throws Exception {
        CutoverPlan p = plan(ctx -> { }, ctx -> { });
        CutoverPlan holding = new CutoverPlan(p.steps(), freeze, List.of(new FakeStep("start-reverse", null, ctx -> { })),
                List.of(new FakeStep("end-reverse", null, ctx -> { })));
        Cutover c = cutover(holding, Duration.ofSeconds(5));

        CutoverReport r = c.run();
        assertThat(r.outcome()).as(r.text()).isEqualTo(CutoverReport.Outcome.FLIPPED);
        assertThat(r.reason()).contains("reverse replication");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(events).contains("run start-reverse").doesNotContain("run end-reverse");

        CutoverReport again = c.recover();
        assertThat(again.outcome()).as("a restarted coordinator resumes the way back, it does not close it").isEqualTo(CutoverReport.Outcome.FLIPPED);
        assertThat(migration.phase()).isEqualTo(MigrationPhase.FLIPPED);
        assertThat(events).doesNotContain("run end-reverse");

        CutoverReport done = c.complete("test");
        assertThat(done.outcome()).as(done.text()).isEqualTo(CutoverReport.Outcome.COMPLETE);
        assertThat(done.steps()).extracting(CutoverReport.StepOutcome::step).containsExactly("start-reverse", "end-reverse");
        assertThat(migration.phase()).isEqualTo(MigrationPhase.COMPLETE);
        assertThat(migration.state().routing()).isEqualTo(new Routing(Routing.Side.TARGET, 2));
    }
}
