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
 * The standard cutover of a pipeline, built from its config: pre-checks, freeze, watermark, drain, final
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
     */
    public record Inputs(ReadinessProbe readiness, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
                         Supplier<Optional<CleanPass>> lastClean, List<String> fixUps, List<String> postFlip,
                         Connections freezeAccount, List<UniqueIndex> uniqueIndexes) {

        public Inputs {
            uniqueIndexes = uniqueIndexes == null ? List.of() : List.copyOf(uniqueIndexes);
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
        List<CutoverStep> steps = List.of(
                new PreChecksStep(in.readiness(), new ReadinessGate(Duration.ofMillis(c.lagThresholdMs()), Duration.ofMillis(c.lagSteadyMs()))),
                new FreezeStep(freeze),
                new WatermarkStep(engine, source),
                new DrainStep(engine, in.capture(), config.kafka().bootstrapServers(), config.kafka().clientConfig(), io.ferry.core.topic.TopicNames.pipelineTopicPattern(config),
                        ApplierService.appliedOffsets(config), target, in.pipelineFailure()),
                new FinalValidationStep(validation, new TouchedKeys(config), in.lastClean(), ValidationOptions.DEFAULTS),
                new UniqueIndexesStep(target, in.uniqueIndexes()),
                TargetStatementsStep.fixUps(target, in.fixUps()),
                new FlipStep());
        List<CutoverStep> after = new java.util.ArrayList<>(List.of(new FlipHookStep(c.hooks().flip(), hooks),
                TargetStatementsStep.postFlip(target, in.postFlip())));
        if (engine.hasReplicationSlot()) {
            after.add(new ReleaseSlotStep(config.source(), config.name()));
        }
        return new CutoverPlan(steps, freeze, after);
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
