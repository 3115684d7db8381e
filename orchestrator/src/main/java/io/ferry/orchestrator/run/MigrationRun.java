package io.ferry.orchestrator.run;

import io.ferry.apply.jdbc.TargetConnections;
import io.ferry.core.config.PipelineConfig;
import io.ferry.core.schema.TableId;
import io.ferry.orchestrator.cutover.CoordinatorRuntime;
import io.ferry.orchestrator.migration.Migration;
import io.ferry.orchestrator.migration.MigrationPhase;
import io.ferry.orchestrator.lag.LagStats;
import io.ferry.orchestrator.lag.TableLags;
import io.ferry.orchestrator.pipeline.CaptureOffsets;
import io.ferry.orchestrator.pipeline.LocalPipeline;
import io.ferry.orchestrator.schema.SchemaApplier;
import io.ferry.orchestrator.schema.SchemaPlan;
import io.ferry.orchestrator.validate.PipelineValidation;
import io.ferry.validator.ValidationOptions;
import io.ferry.validator.service.ValidatorServer;
import io.ferry.core.metrics.FerryRegistry;
import io.ferry.core.metrics.Health;
import io.ferry.orchestrator.observe.StatusBoard;
import io.ferry.orchestrator.observe.TerminalProgress;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code ferry run}: the whole migration of one pipeline in this process. It starts the embedded Kafka
 * broker when the pipeline names no cluster, creates the target tables that are missing, and runs capture
 * and the applier, and the coordinator of the migration with its admin API ({@code ferry cutover} talks to it),
 * until it is stopped. Started again, it resumes from the offsets kept in Kafka and in the
 * target: nothing is copied twice and nothing is lost.
 */
public final class MigrationRun implements AutoCloseable {

    private final PipelineConfig declared;
    private final Function<PipelineConfig, SchemaPlan> planner;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private EmbeddedBroker.Started broker;
    private LocalPipeline pipeline;
    private CoordinatorRuntime coordinator;
    private ValidatorServer validator;
    private int validatorPort = -1;
    private TableLags lags;
    private PipelineConfig config;
    private final PrometheusMeterRegistry registry = FerryRegistry.create();
    private final Health health = new Health();
    private Duration validationPause = Duration.ofSeconds(60);
    private TerminalProgress terminal;

    public MigrationRun(PipelineConfig declared, Function<PipelineConfig, SchemaPlan> planner, PrintStream out) {
        this.declared = declared;
        this.planner = planner;
        this.out = out;
    }

    public MigrationRun start() throws Exception {
        MigrationPhase known = phaseOrRefusal(declared);
        boolean pastTheFlip = known != null && !known.isBeforePointOfNoReturn();
        config = declared;
        if (declared.kafka().isEmbedded()) {
            broker = EmbeddedBroker.start(declared);
            config = broker.config();
            out.printf("ferry run: embedded Kafka broker on %s, data in %s%n", config.kafka().bootstrapServers(), broker.broker().directory());
        }
        SchemaPlan plan = planner.apply(config);
        String actor = "ferry-run/" + ProcessHandle.current().pid();
        if (pastTheFlip) {
            // Forward capture must not run past the flip: it would carry writes on the source (with reverse replication,
            // Ferry's own) into the target the application writes. The coordinator alone resumes what is left after the
            // flip (its post-flip steps, reverse replication), as ferry coordinator would.
            out.println("ferry run: migration " + config.name() + " is " + known + ", past the flip: forward capture and applier stay "
                    + "stopped; the coordinator resumes what is left after the flip");
            forwardStopped = true;
            offsets = new CaptureOffsets(config);
            coordinator = CoordinatorRuntime.start(config, () -> {
                synchronized (offsets) {
                    return offsets.latest();
                }
            }, () -> null, plan, MigrationPhase.COPYING, actor, validationPause, Duration.ofSeconds(120), registry, health,
                    StatusBoard.LocalParts.NONE, null);
        } else {
            try (Connection target = TargetConnections.open(config.target(), "ferry-run")) {
                SchemaApplier.applyBeforeCopy(target, plan);
            }
            out.printf("ferry run: %d target tables in %s ready (%d findings in the plan)%n", plan.tables().size(),
                    TargetConnections.url(config.target()), plan.findings().size());
            pipeline = new LocalPipeline(config).start();
            lags = TableLags.attach(pipeline.applier().stats());
            out.println("ferry run: capture and applier of pipeline " + config.name() + " started");
            pipeline.capture().bindMetrics(registry, health);
            pipeline.applier().bindMetrics(registry, health);
            coordinator = CoordinatorRuntime.start(config, pipeline.capture().stats()::lastAckedOffset, pipeline::failure, plan,
                    MigrationPhase.COPYING, actor, validationPause, Duration.ofSeconds(120),
                    registry, health, new StatusBoard.LocalParts(pipeline.capture().stats(), pipeline.applier().stats()), this::stopForward);
        }
        out.println("ferry run: coordinator on " + coordinator.url(config) + " (phase " + coordinator.coordinator().migration().phase() + ")");
        String base = "http://" + config.cutover().api().bind() + ":" + coordinator.port();
        out.println("ferry run: status page on " + base + "/ , metrics on " + base + "/metrics, health on " + base + "/health/ready");
        if (validatorPort >= 0) {
            validator = new ValidatorServer("127.0.0.1", validatorPort, new PipelineValidation(config, ValidationOptions.DEFAULTS));
            out.println("ferry run: validator service on http://127.0.0.1:" + validator.port() + " (POST /runs, GET /runs/{id})");
        }
        return this;
    }

    /** Where capture's offsets are read when it does not run here (a migration past the flip), else null. */
    private CaptureOffsets offsets;

    /**
     * After the flip, with reverse replication or before a PostgreSQL source's slot is released: forward capture and
     * applier stop, and their consumer no longer counts for readiness. Idempotent.
     */
    private volatile boolean forwardStopped;

    private void stopForward() {
        stopForward("ferry run: forward capture and applier stopped at the flip" + (config.cutover().reverse().enabled()
                ? "; reverse replication carries the target's writes back" : ""));
    }

    /** Stops forward capture and applier once, printing {@code line}; nothing when they are stopped already. */
    private synchronized void stopForward(String line) {
        if (forwardStopped) {
            return;
        }
        forwardStopped = true;
        if (pipeline != null) {
            pipeline.close();
        }
        health.replace("kafka-consumer", () -> null);
        out.println(line);
    }

    /**
     * The migration's phase (null when none is recorded yet), unless it is final: a migration in a final phase is not run
     * again, as forward capture would carry a source the application no longer writes (COMPLETE) or writes again
     * (ROLLED_BACK) into a target that is no longer a copy of it.
     */
    private static MigrationPhase phaseOrRefusal(PipelineConfig config) throws java.sql.SQLException {
        var state = new io.ferry.orchestrator.migration.JdbcMigrationStore(
                () -> TargetConnections.open(config.target(), "ferry-run")).load(config.name());
        if (state.isEmpty()) {
            return null;
        }
        MigrationPhase phase = state.get().phase();
        if (phase.isFinal()) {
            throw new IllegalStateException("migration " + config.name() + " is " + phase + ", which is final: " + (phase == MigrationPhase.COMPLETE
                    ? "the application writes to the target, and ferry run would start capture from the source into it again; "
                            + "ferry status -c ... shows the migration"
                    : "the application writes to the source again, and ferry run would start capture into a target that is no longer "
                            + "its copy; ferry status -c ... shows the migration, ferry abandon -c ... releases what capture holds on the source"));
        }
        return phase;
    }

    /** Also serves {@code ferry validate --serve}'s HTTP API on 127.0.0.1 at {@code port} (0: any free port). */
    public MigrationRun withValidatorService(int port) {
        this.validatorPort = port;
        return this;
    }

    /** Seconds between the coordinator's live validation passes (default 60). */
    public MigrationRun withValidationPause(Duration pause) {
        this.validationPause = pause;
        return this;
    }

    /** Every meter of this process (capture, applier, coordinator, validator, JVM), as {@code /metrics} serves them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public CoordinatorRuntime coordinator() {
        return coordinator;
    }

    /** COPYING ends when capture has delivered the snapshot and reads the log. Returns the migration's phase. */
    private MigrationPhase advancePhase() throws java.sql.SQLException {
        Migration m = coordinator.coordinator().migration();
        MigrationPhase phase = m.phase();
        if (phase == MigrationPhase.COPYING && pipeline != null && pipeline.capture().stats().streaming()) {
            m.moveTo(MigrationPhase.STREAMING, "capture delivered the snapshot and streams the source's log");
            return MigrationPhase.STREAMING;
        }
        return phase;
    }

    /**
     * Once the migration is final (COMPLETE, ROLLED_BACK): forward capture and applier stop if they still run (after a
     * cutover without reverse replication they do; their source no longer feeds the target), the progress output ends,
     * and one line says so. The coordinator goes on serving the routing and the status page until the run is stopped:
     * an application that follows the routing keeps reading it.
     */
    private void finish(MigrationPhase phase) {
        stopForward("ferry run: forward capture and applier stopped: the migration is " + phase);
        String route = coordinator.url(config) + "/route";
        out.println("ferry run: migration " + config.name() + " is " + phase + " (final): the application is routed to the "
                + (phase == MigrationPhase.COMPLETE ? "target" : "source") + "; nothing is left to copy or carry. The routing ("
                + route + ") and the status page are served until this run is stopped (Ctrl-C).");
    }

    /** The pipeline's settings as this run uses them (with the embedded broker's address). */
    public PipelineConfig config() {
        return config;
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    /** Lag from source commit to target commit of this run's applier, per table, over a sliding window. */
    public TableLags lags() {
        return lags;
    }

    /**
     * Prints a progress line every {@code interval} until {@link #stop()} is called or the pipeline fails;
     * returns the failure, or null after a stop.
     */
    public Throwable awaitStop(Duration interval) throws InterruptedException {
        long t0 = System.nanoTime();
        TerminalProgress.Mode mode = terminal == null ? TerminalProgress.Mode.LINES : terminal.mode();
        // A bar is redrawn every second; lines and JSON come every interval.
        Duration tick = mode == TerminalProgress.Mode.BAR ? Duration.ofSeconds(1) : interval;
        boolean finished = false;
        try {
            while (!stopped.await(tick.toMillis(), TimeUnit.MILLISECONDS)) {
                Throwable f = pipeline == null ? null : pipeline.failure();
                if (f != null) {
                    return f;
                }
                if (finished) {
                    continue;
                }
                try {
                    MigrationPhase phase = advancePhase();
                    if (phase.isFinal()) {
                        if (terminal != null) {
                            terminal.finish();
                        }
                        finish(phase);
                        finished = true;
                        continue;
                    }
                } catch (java.sql.SQLException | RuntimeException e) {
                    if (terminal != null) {
                        terminal.finish();
                    }
                    out.println("ferry run: cannot read or move the migration's phase yet: " + e.getMessage());
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                if (pipeline == null) {
                    continue; // the coordinator alone, past the flip: its progress is the migration's phase (ferry status)
                }
                if (terminal == null) {
                    out.println(progress(seconds));
                } else {
                    terminal.show(reading(), System.currentTimeMillis(), seconds);
                }
            }
            return null;
        } finally {
            if (terminal != null) {
                terminal.finish();
            }
        }
    }

    /** Progress as a bar ({@code BAR}), JSON lines or nothing, instead of the plain lines (the default). */
    public MigrationRun withProgress(TerminalProgress.Mode mode) {
        this.terminal = mode == TerminalProgress.Mode.LINES ? null : new TerminalProgress(out, mode);
        return this;
    }

    /** The copy while capture snapshots (rows of the estimated source total), then the applied rows while it streams. */
    TerminalProgress.Reading reading() {
        Map<String, Object> copy = coordinator.board().latest().get("copy") instanceof Map<?, ?> m ? castMap(m) : Map.of();
        boolean streaming = pipeline.capture().stats().streaming();
        long applied = pipeline.applier().stats().appliedRows().values().stream().mapToLong(Long::longValue).sum();
        LagStats lag = lags.overall(System.currentTimeMillis());
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        if (!streaming) {
            details.put("applied", String.format("%,d", applied));
        }
        details.put("lag p99", lag.samples() == 0 ? "-" : String.format("%.1fs", lag.p99Millis() / 1000.0));
        details.put("dead letters", pipeline.applier().stats().deadLetters());
        Object phase = coordinator.board().latest().get("phase");
        details.put("phase", phase == null ? "-" : phase);
        if (streaming) {
            return new TerminalProgress.Reading("applied", applied, 0, details);
        }
        long copied = pipeline.capture().stats().snapshotRows().values().stream().mapToLong(Long::longValue).sum();
        long total = copy.get("sourceRows") instanceof Number n ? n.longValue() : 0;
        return new TerminalProgress.Reading("copy", copied, Math.max(total, copied), details);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Map<?, ?> m) {
        return (Map<String, Object>) m;
    }

    public void stop() {
        stopped.countDown();
    }

    String progress(double seconds) {
        Map<TableId, Long> snapshot = pipeline.capture().stats().snapshotRows();
        long snapshotRows = snapshot.values().stream().mapToLong(Long::longValue).sum();
        long applied = pipeline.applier().stats().appliedRows().values().stream().mapToLong(Long::longValue).sum();
        LagStats lag = lags.overall(System.currentTimeMillis());
        io.ferry.capture.bulk.BulkProgress bulk = pipeline.capture().bulkProgress();
        if (bulk != null) {
            return String.format("[%6.0fs] %s | applied %,d rows | dead letters %,d", seconds, bulk.line(), applied,
                    pipeline.applier().stats().deadLetters());
        }
        return String.format("[%6.0fs] snapshot %,d rows%s | streamed %,d | applied %,d rows | lag %s | dead letters %,d", seconds,
                snapshotRows, pipeline.capture().stats().streaming() ? " (done)" : "", pipeline.capture().stats().streamedEvents(),
                applied, lag.samples() == 0 ? "-" : String.format("p50 %.1f s p99 %.1f s", lag.p50Millis() / 1000.0,
                        lag.p99Millis() / 1000.0), pipeline.applier().stats().deadLetters());
    }

    @Override
    public void close() {
        stop();
        if (validator != null) {
            validator.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (offsets != null) {
            offsets.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
