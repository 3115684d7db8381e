package io.ferry.orchestrator.cutover;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.fault.FaultPoints;
import io.ferry.orchestrator.api.AdminServer;
import io.ferry.orchestrator.migration.Connections;
import io.ferry.orchestrator.migration.JdbcMigrationStore;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.orchestrator.validate.TouchedKeys;
import io.ferry.validator.ValidationOptions;
import io.ferry.core.metrics.FerryRegistry;
import io.ferry.core.metrics.Health;
import io.ferry.orchestrator.observe.CoordinatorMetrics;
import io.ferry.orchestrator.observe.StatusBoard;
import io.ferry.validator.service.ValidatorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running coordinator of one pipeline's migration: the coordinator itself (holding the migration by its
 * epoch), live validation passes in the background, a readiness sample every second, and the admin API.
 * {@code ferry coordinator} runs it against capture and applier services elsewhere; {@code ferry run} runs it
 * beside them in one process. What differs between the two is only where capture's position and a pipeline
 * failure come from.
 */
public final class CoordinatorRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorRuntime.class);

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Asked before the threads are interrupted: a thread whose interrupt a client swallowed still ends. */
    private final List<Runnable> stops = new ArrayList<>();
    private Coordinator coordinator;
    /** The target and the pipeline's name, for the live validation's wait for the first copy ({@link #copied}). */
    private Connections targetConnections;
    private String pipelineName;
    private DrainStep.CapturePosition capturePosition;
    private volatile boolean copiedOnce;
    private AdminServer server;
    private PrometheusMeterRegistry registry;
    private Health health;
    private StatusBoard.LocalParts local;
    private StatusBoard board;
    /** Stops forward capture and applier running in this process, or null where they run elsewhere. */
    private Runnable stopForward;

    private CoordinatorRuntime() {
    }

    /**
     * @param capture         capture's newest delivered source offset
     * @param pipelineFailure why capture or the applier stopped, or null (always null when they run elsewhere)
     * @param plan            the target schema plan, for the fix-ups in the freeze and the foreign keys validated after the flip
     * @param initial         the phase a new migration starts in
     * @param actor           who this coordinator is, for the audit log
     */
    public static CoordinatorRuntime start(PipelineConfig pipeline, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
            SchemaPlan plan, MigrationPhase initial, String actor, Duration validationPause, Duration convergenceTimeout) throws Exception {
        return start(pipeline, capture, pipelineFailure, plan, initial, actor, validationPause, convergenceTimeout,
                FerryRegistry.create(), new Health(), StatusBoard.LocalParts.NONE);
    }

    /**
     * As above, with the process's meter registry and readiness checks (served with the status page on the admin
     * API, the coordinator's own added) and the parts that run in this process ({@code ferry run}).
     */
    public static CoordinatorRuntime start(PipelineConfig pipeline, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
            SchemaPlan plan, MigrationPhase initial, String actor, Duration validationPause, Duration convergenceTimeout,
            PrometheusMeterRegistry registry, Health health, StatusBoard.LocalParts local) throws Exception {
        return start(pipeline, capture, pipelineFailure, plan, initial, actor, validationPause, convergenceTimeout, registry, health, local,
                null);
    }

    /**
     * As above; {@code stopForward} stops forward capture and applier running in this process after the flip, when
     * reverse replication starts ({@code cutover.reverse.enabled}) or before a PostgreSQL source's replication slot is
     * released (a no-op when they run elsewhere, whose operator stops them).
     */
    public static CoordinatorRuntime start(PipelineConfig pipeline, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure,
            SchemaPlan plan, MigrationPhase initial, String actor, Duration validationPause, Duration convergenceTimeout,
            PrometheusMeterRegistry registry, Health health, StatusBoard.LocalParts local, Runnable stopForward) throws Exception {
        CoordinatorRuntime r = new CoordinatorRuntime();
        r.stopForward = stopForward;
        r.registry = registry;
        r.health = health;
        r.local = local;
        try {
            r.begin(pipeline, capture, pipelineFailure, plan, initial, actor, validationPause, convergenceTimeout);
            return r;
        } catch (Exception | Error e) {
            r.close();
            throw e;
        }
    }

    private void begin(PipelineConfig pipeline, DrainStep.CapturePosition capture, Supplier<Throwable> pipelineFailure, SchemaPlan plan,
            MigrationPhase initial, String actor, Duration validationPause, Duration convergenceTimeout) throws Exception {
        Connections target = () -> TargetConnections.open(pipeline.target(), "ferry-coordinator-" + pipeline.name());
        targetConnections = target;
        pipelineName = pipeline.name();
        capturePosition = capture;
        LiveValidations validations = new LiveValidations(new PipelineValidation(pipeline, ValidationOptions.DEFAULTS),
                new TouchedKeys(pipeline)::endOffsets, convergenceTimeout.toSeconds(), validationPause.toMillis())
                .withMetrics(new ValidatorMetrics(registry))
                .onlyWhen(this::copied, "the first copy has not finished (or capture has stored no position yet); the first pass starts when it has");
        PipelineReadiness readiness = new PipelineReadiness(pipeline, target, validations::lastWasClean);
        resources.add(readiness);
        ReadinessSampler sampler = new ReadinessSampler(readiness);
        stops.add(sampler::stop);
        threads.add(daemon("ferry-readiness", sampler));
        CutoverPlans.Inputs plain = CutoverPlans.Inputs.fromPlan(sampler, capture, pipelineFailure, validations::lastClean, plan, null)
                .withStopForward(stopForward);
        io.ferry.orchestrator.reverse.ReverseReplication reverse = null;
        if (pipeline.cutover().reverse().enabled()) {
            reverse = new io.ferry.orchestrator.reverse.ReverseReplication(pipeline);
            reverse.bindMetrics(registry);
            io.ferry.orchestrator.reverse.ReverseReplication r = reverse;
            health.add("reverse-replication", () -> r.failure() == null ? null : "reverse replication stopped: " + r.failure().getMessage());
            resources.add(reverse);
        }
        CutoverPlans.Inputs inputs = reverse == null ? plain : plain.withReverse(reverse, stopForward);
        JdbcMigrationStore store = new JdbcMigrationStore(io.ferry.apply.dialect.TargetDialects.of(pipeline.target().kind()), target);
        coordinator = Coordinator.start(store, pipeline.name(), initial, actor,
                m -> CutoverPlans.standard(pipeline, inputs), reverse == null ? null : m -> CutoverPlans.rollback(pipeline, inputs), reverse,
                Duration.ofMillis(pipeline.cutover().freezeBudgetMs()), FaultPoints.fromSystemProperty());
        threads.add(daemon("ferry-live-validation", validations));
        board = new StatusBoard(pipeline, () -> coordinator, store, sampler, local, validations.metrics(), target);
        CoordinatorMetrics meters = CoordinatorMetrics.bind(registry, pipeline.name(), board);
        board.afterRefresh(meters::refreshSteps);
        threads.add(daemon("ferry-status-board", board));
        health.add("coordinator", () -> store.load(pipeline.name()).isPresent() ? null
                : "the migration's record is missing from the target");
        threads.forEach(Thread::start);
        server = new AdminServer(pipeline.cutover().api().bind(), pipeline.cutover().api().port(), pipeline.cutover().api().token(),
                n -> n.equals(pipeline.name()) ? coordinator : null, new AdminServer.Observed(registry, health, board));
        resources.add(server);
        LOG.info("coordinator of {} on {}", pipeline.name(), url(pipeline));
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /**
     * Whether the migration is past its first copy, checked before each live validation pass until it is, then no more.
     * Capture's first copy is over when capture has stored a position past any snapshot and no bulk load of the pipeline
     * is unfinished in the target; a migration in COPYING then moves to STREAMING (capture running as a separate service;
     * {@code ferry run} moves it itself as capture reports). Not while the target or capture's position cannot be read.
     */
    private boolean copied() {
        if (copiedOnce) {
            return true;
        }
        if (coordinator == null) {
            return false;
        }
        try (java.sql.Connection c = targetConnections.open()) {
            Map<String, ?> position = capturePosition.latest();
            boolean captureCopied = position != null && !position.isEmpty()
                    && !io.ferry.capture.bulk.DebeziumOffsets.snapshotUnfinished(new java.util.HashMap<>(position))
                    && !io.ferry.apply.jdbc.BulkCopyGate.loadUnfinished(c, pipelineName);
            if (!captureCopied) {
                return false;
            }
            io.ferry.orchestrator.migration.Migration m = coordinator.migration();
            if (m.phase() == MigrationPhase.COPYING) {
                m.moveTo(MigrationPhase.STREAMING, "capture's first copy is done and it streams the source's log");
            }
            copiedOnce = m.phase() != MigrationPhase.COPYING;
            return copiedOnce;
        } catch (Exception e) {
            return false;
        }
    }

    /** The admin API's address for this migration. */
    public String url(PipelineConfig pipeline) {
        return "http://" + pipeline.cutover().api().bind() + ":" + server.port() + AdminServer.PREFIX + pipeline.name();
    }

    /** The status page's data. */
    public StatusBoard board() {
        return board;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        stops.forEach(Runnable::run);
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(10_000); // the readiness probe's Kafka consumer is single-threaded: its reader ends before it closes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
