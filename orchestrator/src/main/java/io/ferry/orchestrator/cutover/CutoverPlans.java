package io.ferry.orchestrator.cutover;

import io.ferry.capture.engine.SourceEngine;
import io.ferry.capture.engine.SourceEngines;
import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.apply.streams.ApplierService;
import io.ferry.capture.SourceTables;
import io.ferry.core.config.CutoverConfig;
import io.ferry.core.config.PipelineConfig;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.ReadinessGate;
import io.ferry.orchestrator.reverse.ReverseReplication;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.schema.UniqueIndex;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.ValidationOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The standard cutover of a pipeline, built from its config: pre-checks, changed keys read ahead, freeze, watermark, drain, final
 * validation, unique indexes, fix-ups, flip; after the flip the flip hook and the post-flip statements.
 *
 * <p>The freeze runs on the source through the pipeline's source account, which then needs the privileges of
 * the chosen method (see {@link ReadOnlyFreeze} and {@link RevokeFreeze}).
 */
public final class CutoverPlans {

    /**
     * What the standard plan needs besides the config.
     *
     * @param readiness       measures lag, dead letters, validation and services for the gate
     * @param capture         capture's newest acknowledged offset (in process or read from Kafka)
     * @param pipelineFailure a failure of capture or applier in this process, or a supplier of null
     * @param lastClean       the last clean validation pass and the offsets taken before it
     * @param fixUps          target statements that fit in the freeze (the SchemaPlan's after-drain statements:
     *                        sequences and identities, foreign keys NOT VALID)
     * @param postFlip        target statements after the flip ({@code VALIDATE CONSTRAINT})
     * @param freezeAccount   connections for the freeze as an account with its privileges; null for the
     *                        pipeline's source account
     * @param uniqueIndexes   the SchemaPlan's secondary unique indexes, made unique during the freeze before the
     *                        fix-ups (whose foreign keys may need them)
     * @param reverse         reverse replication of the migration (when {@code cutover.reverse.enabled}), or null
     * @param stopForward     stops forward capture and applier running in this process after the flip (idempotent),
     *                        before reverse replication starts or the source's replication slot is released; null
     *                        when they run elsewhere
     */
    public record Inputs(ReadinessProbe readiness, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
                         Supplier<Optional<CleanPass>> lastClean, List<String> fixUps, List<String> postFlip,
                         Connections freezeAccount, List<UniqueIndex> uniqueIndexes, ReverseReplication reverse, Runnable stopForward) {

        public Inputs {
            uniqueIndexes = uniqueIndexes == null ? List.of() : List.copyOf(uniqueIndexes);
        }

        /** Without reverse replication. */
        public Inputs(ReadinessProbe readiness, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
                      Supplier<Optional<CleanPass>> lastClean, List<String> fixUps, List<String> postFlip, Connections freezeAccount,
                      List<UniqueIndex> uniqueIndexes) {
            this(readiness, capture, pipelineFailure, lastClean, fixUps, postFlip, freezeAccount, uniqueIndexes, null, null);
        }

        /** The same inputs, with forward capture and applier in this process stopped by {@code stop} after the flip. */
        public Inputs withStopForward(Runnable stop) {
            return new Inputs(readiness, capture, pipelineFailure, lastClean, fixUps, postFlip, freezeAccount, uniqueIndexes, reverse, stop);
        }

        /** The same inputs with reverse replication. */
        public Inputs withReverse(ReverseReplication r, Runnable stop) {
            return new Inputs(readiness, capture, pipelineFailure, lastClean, fixUps, postFlip, freezeAccount, uniqueIndexes, r, stop);
        }

        /** Without unique indexes to build. */
        public Inputs(ReadinessProbe readiness, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
                      Supplier<Optional<CleanPass>> lastClean, List<String> fixUps, List<String> postFlip, Connections freezeAccount) {
            this(readiness, capture, pipelineFailure, lastClean, fixUps, postFlip, freezeAccount, List.of());
        }

        /** The inputs that the SchemaPlan gives: its sequences, unique indexes, foreign keys and validations. */
        public static Inputs fromPlan(ReadinessProbe readiness, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
                                      Supplier<Optional<CleanPass>> lastClean, SchemaPlan plan, Connections freezeAccount) {
            List<String> fixUps = new java.util.ArrayList<>(plan.sequences());
            fixUps.addAll(plan.foreignKeysNotValid());
            return new Inputs(readiness, capture, pipelineFailure, lastClean, fixUps, plan.validations(), freezeAccount,
                    plan.uniqueIndexes());
        }
    }

    private CutoverPlans() {
    }

    public static CutoverPlan standard(PipelineConfig config, Inputs in) {
        CutoverConfig c = config.cutover();
        Connections source = () -> SourceTables.connect(config.source());
        Connections target = () -> TargetConnections.open(config.target(), "ferry-coordinator-" + config.name());
        SourceEngine engine = SourceEngines.of(config.source().kind());
        HookRunner hooks = new HookRunner();
        FreezeStrategy freeze = freezeStrategy(config, in.freezeAccount() != null ? in.freezeAccount() : source, hooks);
        PipelineValidation validation = new PipelineValidation(config, ValidationOptions.DEFAULTS);
        TouchedKeys touchedKeys = new TouchedKeys(config); // read ahead of the freeze, then only its tail inside it
        List<CutoverStep> steps = List.of(
                new PreChecksStep(in.readiness(), new ReadinessGate(Duration.ofMillis(c.lagThresholdMs()), Duration.ofMillis(c.lagSteadyMs())),
                        freeze),
                new ChangedKeysStep(touchedKeys, in.lastClean(), new ReadAheadCheck(validation, ValidationOptions.DEFAULTS,
                        (offsets, timeout) -> io.ferry.orchestrator.pipeline.CatchUp.awaitApplied(offsets, target.unchecked("the target"),
                                ApplierService.appliedOffsets(config), timeout, in.pipelineFailure()))),
                new FreezeStep(freeze),
                new WatermarkStep(engine, source),
                new DrainStep(engine, in.capture(), config.kafka().bootstrapServers(), config.kafka().clientConfig(), io.ferry.core.topic.TopicNames.pipelineTopicPattern(config),
                        ApplierService.appliedOffsets(config), target, in.pipelineFailure(),
                        CaptureNudge.of(engine, source, Duration.ofMillis(config.capture().heartbeatIntervalMs()))),
                new FinalValidationStep(validation, touchedKeys, in.lastClean(), ValidationOptions.DEFAULTS),
                new UniqueIndexesStep(target, in.uniqueIndexes()),
                TargetStatementsStep.fixUps(target, in.fixUps()));
        steps = new java.util.ArrayList<>(steps);
        List<CutoverStep> after = new java.util.ArrayList<>(List.of(new FlipHookStep(c.hooks().flip(), hooks),
                TargetStatementsStep.postFlip(target, in.postFlip())));
        List<CutoverStep> onComplete = new java.util.ArrayList<>();
        if (in.reverse() != null) {
            // The way back is prepared in the freeze (the slot at the target's position), and a cutover without it aborts.
            steps.add(new ReverseReplicationStep(in.reverse()));
            after.add(new StartReverseStep(in.reverse(), in.stopForward() == null ? () -> { } : in.stopForward(), Duration.ofSeconds(120)));
            onComplete.add(new EndReverseStep(in.reverse()));
        }
        steps.add(new FlipStep());
        if (engine.hasReplicationSlot()) {
            after.add(in.stopForward() == null ? new ReleaseSlotStep(config.source(), config.name())
                    : new ReleaseSlotStep(config.source(), config.name(), in.stopForward(), Duration.ofSeconds(30)));
        }
        return new CutoverPlan(steps, freeze, after, onComplete);
    }

    /**
     * The rollback of a pipeline with reverse replication: freeze the target (the application's role, or the whole
     * target database but Ferry's sessions), read the target's watermark, drain reverse replication, validate the tables
     * written since the flip, flip the routing back; then unfreeze the source and end reverse replication.
     */
    public static RollbackPlan rollback(PipelineConfig config, Inputs in) {
        ReverseReplication reverse = java.util.Objects.requireNonNull(in.reverse(), "a rollback needs reverse replication");
        PipelineConfig back = reverse.config();
        Connections target = () -> TargetConnections.open(config.target(), "ferry-coordinator-" + config.name());
        Connections source = () -> SourceTables.connect(config.source());
        Connections sourceAsTarget = () -> TargetConnections.open(back.target(), "ferry-coordinator-" + config.name());
        // The target is PostgreSQL: its read-only switch is the PostgreSQL source engine's.
        SourceEngine targetEngine = SourceEngines.of(io.ferry.core.config.SourceKind.POSTGRESQL);
        FreezeStrategy targetFreeze = new ReadOnlyFreeze(target, targetEngine.readOnlyFreeze(config.target().database(),
                config.cutover().reverse().applicationRole()));
        FreezeStrategy sourceFreeze = freezeStrategy(config, in.freezeAccount() != null ? in.freezeAccount() : source, new HookRunner());
        List<CutoverStep> steps = List.of(
                new PhaseStep("freeze-target", new FreezeStep(targetFreeze), io.ferry.orchestrator.migration.MigrationPhase.ROLLBACK_FROZEN),
                new PhaseStep("target-watermark", new WatermarkStep(targetEngine, target, "target"), null),
                new PhaseStep("reverse-drain", new DrainStep(targetEngine, reverse::captureOffset, back.kafka().bootstrapServers(), back.kafka().clientConfig(),
                        io.ferry.core.topic.TopicNames.pipelineTopicPattern(back), ApplierService.appliedOffsets(back), sourceAsTarget,
                        reverse::failure), io.ferry.orchestrator.migration.MigrationPhase.ROLLBACK_DRAINED),
                new RollbackValidationStep(new PipelineValidation(config, ValidationOptions.DEFAULTS), reverse, ValidationOptions.DEFAULTS),
                new FlipBackStep());
        List<CutoverStep> after = List.of(new UnfreezeSourceStep(sourceFreeze), new EndReverseStep(reverse));
        return new RollbackPlan(steps, targetFreeze, after, () -> {
            if (!reverse.running()) {
                return "reverse replication is not running in this coordinator, so the writes made on the target since the flip "
                        + "would not all reach the source";
            }
            Throwable f = reverse.failure();
            return f == null ? null : "reverse replication stopped: " + f.getMessage();
        });
    }

    /** The configured freeze method as a strategy. */
    public static FreezeStrategy freezeStrategy(PipelineConfig config, Connections source, HookRunner hooks) {
        CutoverConfig c = config.cutover();
        return switch (c.freeze()) {
            case READ_ONLY -> new ReadOnlyFreeze(source, SourceEngines.of(config.source().kind())
                    .readOnlyFreeze(config.source().database(), c.applicationUser() == null ? null : c.applicationUserName()));
            case REVOKE -> {
                SourceEngine engine = SourceEngines.of(config.source().kind());
                if (!engine.supportsRevokeFreeze()) {
                    throw new IllegalArgumentException(io.ferry.orchestrator.check.FreezeChecks.unsupportedRevoke(engine));
                }
                yield new RevokeFreeze(source, config.source().database(), new MySqlAccount(c.applicationUserName(), c.applicationUserHost()));
            }
            case COMMAND -> new HookFreeze("command", config.name(), c.hooks().freeze(), c.hooks().unfreeze(), hooks);
            case WEBHOOK -> new HookFreeze("webhook", config.name(), c.hooks().freeze(), c.hooks().unfreeze(), hooks);
            case NONE -> new NoFreeze();
        };
    }
}
